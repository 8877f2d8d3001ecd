package dev.persona.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * When each user sends, fixed before the load starts (open loop): a slow answer does not delay the next scheduled
 * chat, so latency measured from the scheduled time counts the time a request waited behind earlier ones, as a user
 * would see it (no coordinated omission).
 */
final class ArrivalSchedule {
    private ArrivalSchedule() {
    }

    /**
     * Offsets in nanoseconds from the start, below {@code durationNanos}, for user {@code user} of {@code users}.
     * Even gaps of {@code 1 / ratePerUser} start at a phase of {@code user / users} of a gap, so all users together
     * send evenly; with {@code poisson} the gaps are exponential with the same mean (seeded by the user, so runs
     * repeat).
     */
    static List<Long> forUser(int user, int users, double ratePerUser, long durationNanos, boolean poisson) {
        double gap = 1e9 / ratePerUser;
        List<Long> times = new ArrayList<>();
        if (poisson) {
            Random random = new Random(31L * user + 7);
            double t = -Math.log(1 - random.nextDouble()) * gap;
            while (t < durationNanos) {
                times.add((long) t);
                t += -Math.log(1 - random.nextDouble()) * gap;
            }
        } else {
            for (double t = gap * user / users; t < durationNanos; t += gap) {
                times.add((long) t);
            }
        }
        return times;
    }
}
