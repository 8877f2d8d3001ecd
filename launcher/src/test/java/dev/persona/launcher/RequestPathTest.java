package dev.persona.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestPathTest {

    @Test
    void ordinaryPathsPassUnchanged() throws Exception {
        for (String path : new String[] {"/", "/auth/token", "/personas/", "/personas/p1/recordings/r1/audio",
                "/v1/chat/completions", "/personas/a:b@c/history", "/personas/x;y=1"}) {
            assertEquals(path, RequestPath.normalise(path));
        }
    }

    @Test
    void unreservedCharactersAreDecodedAndOtherEncodingsUpperCased() throws Exception {
        assertEquals("/auth/~userA", RequestPath.normalise("/%61uth/%7Euser%41"));
        assertEquals("/personas/a%20b%3F", RequestPath.normalise("/personas/a%20b%3f"));
    }

    @Test
    void everyWayOfWritingADotSegmentIsRefused() {
        for (String path : new String[] {"/auth/../q/metrics", "/auth/./token", "/auth/..", "/auth/.",
                "/..", "/auth/%2e%2e/q/metrics", "/auth/%2E%2E/q", "/auth/.%2e/q", "/auth/%2e./q", "/auth/%2e/token",
                "/auth/..;/q/metrics", "/auth/.;x/token", "/personas/x/chat/.."}) {
            assertRefused(path);
        }
    }

    @Test
    void encodedSlashesBackslashesAndEmptySegmentsAreRefused() {
        for (String path : new String[] {"/auth/..%2fq%2fmetrics", "/auth%2fq", "/auth%2Fq", "/auth/%5cq",
                "/auth\\..\\q", "/auth\\q", "//q/metrics", "/auth//token", "/auth/%2f/x"}) {
            assertRefused(path);
        }
    }

    @Test
    void malformedEncodingsControlsAndCharactersThatMustBeEncodedAreRefused() {
        for (String path : new String[] {"/auth/%zz", "/auth/%2", "/auth/%", "/auth/%00", "/auth/%0a", "/auth/%7f",
                "/auth/a b", "/auth/\u00e9", "/auth/<x>", "/auth/a|b", "/auth/#x", "/auth/%\uff11\uff11", "*",
                "auth/token", ""}) {
            assertRefused(path);
        }
        assertThrows(RequestPath.NotAllowed.class, () -> RequestPath.normalise(null));
    }

    @Test
    void removeDotSegmentsFollowsRfc3986() {
        assertEquals("/a/g", RequestPath.removeDotSegments("/a/b/c/./../../g"));
        assertEquals("/mid/6", RequestPath.removeDotSegments("/mid/content=5/../6"));
        assertEquals("/a/", RequestPath.removeDotSegments("/a/b/.."));
        assertEquals("/", RequestPath.removeDotSegments("/../.."));
        assertEquals("/a/b", RequestPath.removeDotSegments("/a/b"));
    }

    @Test
    void managementPathsAreRecognisedAtTheRootAndUnderAServicePrefix() {
        for (String path : new String[] {"/q", "/q/", "/q/metrics", "/Q/health", "/q;x/openapi", "/auth/q/metrics",
                "/personas/q", "/v1/q/swagger-ui"}) {
            assertTrue(RequestPath.isManagement(path), path);
        }
        for (String path : new String[] {"/", "/quarkus", "/auth/token", "/personas/p1/q", "/personas/qq/chat"}) {
            assertFalse(RequestPath.isManagement(path), path);
        }
    }

    private static void assertRefused(String path) {
        assertThrows(RequestPath.NotAllowed.class, () -> RequestPath.normalise(path), path);
    }
}
