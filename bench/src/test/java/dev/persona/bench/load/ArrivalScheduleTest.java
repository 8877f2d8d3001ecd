package dev.persona.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivalScheduleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void evenGapsOfAllUsersTogetherOfferTheRateSpreadEvenly() {
        List<Long> all = new ArrayList<>();
        for (int user = 0; user < 50; user++) {
            all.addAll(ArrivalSchedule.forUser(user, 50, 0.5, 60 * SECOND, false));
        }
        assertEquals(1500, all.size(), "25 chats/s for 60 s");
        Collections.sort(all);
        for (int i = 1; i < all.size(); i++) {
            assertEquals(40_000_000, all.get(i) - all.get(i - 1), 2, "one chat every 40 ms across users");
        }
        assertTrue(all.get(all.size() - 1) < 60 * SECOND);
    }

    @Test
    void poissonGapsKeepTheMeanRateAndRepeat() {
        int count = 0;
        for (int user = 0; user < 50; user++) {
            count += ArrivalSchedule.forUser(user, 50, 0.5, 600 * SECOND, true).size();
        }
        assertEquals(15_000, count, 600, "25 chats/s for 600 s, within 4 %");
        assertEquals(ArrivalSchedule.forUser(3, 50, 0.5, 60 * SECOND, true),
                ArrivalSchedule.forUser(3, 50, 0.5, 60 * SECOND, true));
    }
}
