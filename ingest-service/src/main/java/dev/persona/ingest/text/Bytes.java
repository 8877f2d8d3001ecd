package dev.persona.ingest.text;

/** Byte-string search over raw document bytes (signatures, PDF keywords). */
final class Bytes {
    private Bytes() {
    }

    /** First index of needle in haystack[from, to), or -1; linear for the short needles used here. */
    static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        outer:
        for (int i = Math.max(0, from); i <= Math.min(to, haystack.length) - needle.length; i++) {
            if (haystack[i] != needle[0]) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
