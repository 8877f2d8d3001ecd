package dev.persona.ingest.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextCleanerTest {
    private final TextCleaner cleaner = new TextCleaner();

    @Test
    void dropsQuotedLinesAndEverythingAfterAReplyHeader() {
        String mail = """
                I'd rather leave at dawn; the harbour is quiet then.

                On Sun, 2 Jun 2024 at 18:00, Bob Marsh <bob@example.org> wrote:
                > Shall we go at noon?
                > It is warmer.
                """;
        assertEquals("I'd rather leave at dawn; the harbour is quiet then.", cleaner.clean(mail));
    }

    @Test
    void dropsAReplyHeaderWrappedOverTwoLines() {
        String mail = "Count me in.\n\nOn Mon, 3 Jun 2024 at 10:00, Ann Lee Marsh-Whitfield\n<ann@example.org> wrote:\nsomething";
        assertEquals("Count me in.", cleaner.clean(mail));
    }

    @Test
    void keepsProseThatOnlyResemblesAReplyHeaderOrARule() {
        String memoir = "On the last day of the war my father wrote:\nCome home, all is well.\n\n__________\nSignature of witness";
        assertEquals(memoir, cleaner.clean(memoir));
    }

    @Test
    void cutsOutlookHistoryBelowARule() {
        assertEquals("Yes, Thursday works.", cleaner.clean("Yes, Thursday works.\n\n________________________________\n"
                + "From: Bob Marsh <bob@example.org>\nSent: Monday, 3 June 2024 10:00\nTo: Ann\nSubject: Thursday?\n\nCan you?"));
    }

    @Test
    void dropsInlineQuotesButKeepsTheAnswersBetweenThem() {
        String mail = "> Do you still sail?\nEvery Sunday, weather permitting.\n> And the old boat?\nSold it in 2019.";
        assertEquals("Every Sunday, weather permitting.\nSold it in 2019.", cleaner.clean(mail));
    }

    @Test
    void cutsOutlookOriginalMessageAndForwardedBlocks() {
        assertEquals("See below.", cleaner.clean("See below.\n\n-----Original Message-----\nFrom: x\nhello"));
        assertEquals("FYI, my notes.", cleaner.clean("FYI, my notes.\n\n---------- Forwarded message ---------\nFrom: y"));
        assertEquals("Agreed.", cleaner.clean("Agreed.\n\nFrom: Bob Marsh\nSent: Monday, 3 June 2024 10:00\n"
                + "To: Ann Lee\nSubject: plan\n\nTheir text"));
    }

    @Test
    void cutsTheSignatureAfterTheDashDashDelimiter() {
        String mail = "The meeting moved to Thursday.\n\n-- \nAnn Lee\nHarbour Office\n+44 1234 567";
        assertEquals("The meeting moved to Thursday.", cleaner.clean(mail));
    }

    @Test
    void cutsCommonSignOffsWithTheShortSignatureBelow() {
        assertEquals("I will bring the charts.", cleaner.clean("I will bring the charts.\n\nBest regards,\nAnn\nHarbour Office"));
        assertEquals("Thanks for the help yesterday, it meant a lot.",
                cleaner.clean("Thanks for the help yesterday, it meant a lot.\n\nCheers,\nAnn"));
    }

    @Test
    void keepsASignOffWordThatIsFollowedByRealContent() {
        String text = "Thanks\n\n" + "This paragraph is long enough to be the author's own writing and not a signature at all. "
                .repeat(3) + "\n\nAnother paragraph.\n\nMore.\n\nEven more.\n\nStill more.\n\nAnd more.\n\nLast one.";
        assertTrue(cleaner.clean(text).startsWith("Thanks"));
    }

    @Test
    void dropsSentFromMyPhoneLines() {
        assertEquals("On my way.", cleaner.clean("On my way.\n\nSent from my iPhone"));
    }

    @Test
    void dropsLegalDisclaimersAndListFooters() {
        String mail = """
                Please find the minutes attached; I wrote them quickly.

                This email and any attachments are confidential and intended solely for the addressee. If you have
                received this email in error please notify the sender.

                You received this message because you are subscribed to the Google Groups "sailing" group.
                To unsubscribe from this group, send an email to sailing+unsubscribe@example.org.
                """;
        assertEquals("Please find the minutes attached; I wrote them quickly.", cleaner.clean(mail));
    }

    @Test
    void dropsGenericGreetingsButKeepsWhatFollowsOnTheSameLine() {
        assertEquals("The results are in.", cleaner.clean("Hi all,\n\nThe results are in."));
        assertEquals("The results are in.", cleaner.clean("Dear Professor Whitfield,\nThe results are in."));
        assertEquals("the results are in.", cleaner.clean("Hi all, the results are in."));
        assertEquals("Good news today.", cleaner.clean("Hello team\n\nGood news today."));
    }

    @Test
    void leavesOrdinaryProseAlone() {
        String prose = "I grew up by the sea.\nEvery summer we sailed to the islands.\n\nMy father built the boat himself.";
        assertEquals(prose, cleaner.clean(prose));
        assertEquals(List.of("I grew up by the sea.\nEvery summer we sailed to the islands.",
                "My father built the boat himself."), cleaner.paragraphs(prose));
    }

    @Test
    void aMessageOfOnlyBoilerplateCleansToNothing() {
        assertTrue(cleaner.paragraphs("Hi Bob,\n\nThanks,\nAnn\n\n> quoted\n").isEmpty());
        assertFalse(cleaner.clean("Hi Bob,\n\nReal words.\n\nThanks,\nAnn").isEmpty());
    }
}
