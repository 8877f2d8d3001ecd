package dev.persona.embed.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Set;

/** What is taken out of speech transcripts before chunking; documents only get whitespace and unicode normalised. */
@ConfigMapping(prefix = "persona.cleaning")
public interface CleaningConfig {

    /** Hesitation tokens dropped from English speech (they carry no meaning and skew embeddings). */
    @WithDefault("um,umm,uh,uhh,uhm,erm,er,hmm,hm,mm,mmm")
    Set<String> fillers();

    /**
     * Words whose immediate repetition is grammatical or emphatic ("that that", "had had", "very very"), so it is
     * kept; every other immediately repeated word in English speech is a disfluency and is dropped once.
     */
    @WithDefault("that,had,very,really,so,no,yes,bye,ha,blah,la,knock,tut")
    Set<String> keepRepeated();
}
