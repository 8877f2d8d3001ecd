package dev.persona.transcribe.bench.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads Debian's en-us.lm.bin (pocketsphinx-en-us) when it is installed; the figures are those of that file. */
class SphinxTrieReaderTest {
    private static final Path DEBIAN_LM = Path.of("/usr/share/pocketsphinx/model/en-us/en-us.lm.bin");

    @Test
    void readsTheDebianModel() throws IOException {
        assumeTrue(Files.exists(DEBIAN_LM), "pocketsphinx-en-us is not installed");
        NgramModel m = SphinxTrieReader.read(DEBIAN_LM);
        assertEquals(3, m.order());
        assertEquals(72_547, m.vocabularySize());
        assertEquals(2_051_541, m.bigramCount(), "the trie holds six bigrams fewer than its header declares");
        assertEquals(1_669_625, m.trigramCount());
        // as far as Debian's sphinx_lm_convert gets before it aborts: "-6.2831 'bout -0.0754"
        assertEquals(-6.2831, m.log10(m.id("'bout")), 1e-4);
        assertEquals(-0.0754, m.uniBo[m.id("'bout")], 1e-4);
        assertEquals(-99.0, m.log10(m.id("<s>")), 1e-9);
        double pThe = Math.pow(10, m.log10(m.id("one"), m.id("of"), m.id("the")));
        assertEquals(0.49, pThe, 0.01);
        assertEquals(1.0, PersonaLmBuilderTest.mass(m, m.id("one"), m.id("of")), 2e-3);
    }
}
