package dev.persona.auth.service;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundedBucketsTest {

    @Test
    void rotatingKeysCannotGrowTheCachePastItsBound() {
        BoundedBuckets buckets = new BoundedBuckets(5, 5, Duration.ofMinutes(1), 100);
        for (int i = 0; i < 20_000; i++) {
            buckets.tryTake("198.51." + (i >> 8) + "." + (i & 255), 1);
        }
        assertTrue(buckets.size() <= 100, "size " + buckets.size());
    }

    @Test
    void aKeySpendsItsCapacityThenIsRefusedWithAWait() {
        BoundedBuckets buckets = new BoundedBuckets(3, 3, Duration.ofMinutes(1), 100);
        assertFalse(buckets.isEmpty("a"));
        for (int i = 0; i < 3; i++) {
            assertTrue(buckets.tryTake("a", 1).isConsumed());
        }
        assertTrue(buckets.isEmpty("a"));
        var refused = buckets.tryTake("a", 1);
        assertFalse(refused.isConsumed());
        assertTrue(refused.getNanosToWaitForRefill() > 0);
        assertTrue(buckets.tryTake("b", 3).isConsumed(), "another key has its own bucket");
    }
}
