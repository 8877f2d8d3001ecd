package dev.persona.chat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.persona.chat.service.generation.FirstPersonRewriter;
import org.junit.jupiter.api.Test;

class FirstPersonRewriterTest {
    private final FirstPersonRewriter priya = new FirstPersonRewriter("Priya Raman");

    @Test
    void namesBecomeIAndVerbsAgree() {
        assertEquals("I grew up in Madurai.", priya.rewrite("Priya grew up in Madurai.", true));
        assertEquals("I am a software engineer.", priya.rewrite("Priya Raman is a software engineer.", true));
        assertEquals("I always love filter coffee.", priya.rewrite("She always loves filter coffee.", true));
        assertEquals("I studies nothing", priya.rewrite("I studies nothing", true));
        assertEquals("I watch films and I go running.", priya.rewrite("She watches films and she goes running.", true));
    }

    @Test
    void possessivesAndObjects() {
        assertEquals("My mother was a teacher.", priya.rewrite("Priya's mother was a teacher.", true));
        assertEquals("Her teacher made me practise.", priya.rewrite("Her teacher made Priya practise.", false));
        assertEquals("My brother taught me to swim.", priya.rewrite("Her brother taught her to swim.", true));
        assertEquals("I was proud of myself.", priya.rewrite("He was proud of himself.", true));
    }

    @Test
    void leavesOtherPeopleAndSelfIntroductionsAlone() {
        assertEquals("She was my best friend.", priya.rewrite("She was my best friend.", false));
        assertEquals("Hi, I'm Priya and I grew up here.", priya.rewrite("Hi, I'm Priya and I grew up here.", false));
    }
}
