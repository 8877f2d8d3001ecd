package dev.persona.bench.grounding.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The benchmark's figures over one set of questions and recordings. Shares are 0..1, NaN when there was nothing to
 * count. Refusals and errors count as misses for the citation figures.
 *
 * @param cited1 answerable questions whose first citation is the expected source
 * @param cited3 answerable questions whose expected source is among the first three citations
 * @param mrr mean reciprocal rank of the expected source among all citations (0 when absent)
 * @param falseRefusal answerable questions refused
 * @param falseAnswer unanswerable questions answered (with citations)
 * @param medianAnswerSentences median sentences of the answers that were not refusals
 * @param medianAnswerWords median words of the answers that were not refusals (transcripts carry little punctuation,
 *     so an answer quoting one can be a single long "sentence")
 * @param medianRecordingCitationSec median endSec - startSec over every recording citation given
 * @param timeHit1 answerable recording questions whose first citation is the right recording and overlaps the true
 *     seconds of an expected sentence
 * @param timeHit3 answerable recording questions with any citation (an answer has at most three) that is the right
 *     recording and overlaps the true seconds of an expected sentence: the answer cites where it was said
 * @param cited3NoSharedWord cited@3 over the answerable questions sharing no content word with their source
 * @param wer transcription word error rate over all recordings' words
 */
public record Figures(int personas, int answerable, int nearMisses, int outOfCorpus, int errors, double cited1,
        double cited3, double mrr, double falseRefusal, double falseAnswer, double falseAnswerNearMiss,
        double falseAnswerOutOfCorpus, double medianAnswerSentences, double medianAnswerWords,
        double medianRecordingCitationSec,
        int recordingQuestions, double timeHit1, double timeHit3, int noSharedWordQuestions, double cited3NoSharedWord,
        int recordings, double wer) {

    public static Figures of(List<QuestionResult> questions, List<TranscriptResult> transcripts) {
        List<QuestionResult> answerable = questions.stream().filter(QuestionResult::answerable).toList();
        List<QuestionResult> nearMisses = questions.stream().filter(q -> "near-miss".equals(q.kind())).toList();
        List<QuestionResult> outside = questions.stream().filter(q -> "out-of-corpus".equals(q.kind())).toList();
        List<QuestionResult> unanswerable = new ArrayList<>(nearMisses);
        unanswerable.addAll(outside);
        List<QuestionResult> recordingQuestions = answerable.stream()
                .filter(q -> "recording".equals(q.expectedKind())).toList();
        List<QuestionResult> paraphrased = answerable.stream().filter(q -> q.sharedWords() == 0).toList();

        List<QuestionResult> answered = questions.stream().filter(q -> !q.refused()).toList();
        List<Double> answerSentences = answered.stream().map(q -> (double) Stats.sentences(q.answer())).toList();
        List<Double> answerWords = answered.stream().map(q -> (double) Stats.words(q.answer())).toList();
        List<Double> spans = questions.stream().flatMap(q -> q.citations().stream()).map(CitedSource::spanSec)
                .filter(Objects::nonNull).toList();
        long referenceWords = transcripts.stream().mapToLong(TranscriptResult::referenceWords).sum();
        long wordErrors = transcripts.stream().mapToLong(TranscriptResult::errors).sum();

        return new Figures(
                (int) questions.stream().map(QuestionResult::persona).distinct().count(),
                answerable.size(), nearMisses.size(), outside.size(),
                (int) questions.stream().filter(q -> q.error() != null).count(),
                citedWithin(answerable, 1), citedWithin(answerable, 3),
                answerable.isEmpty() ? Double.NaN
                        : answerable.stream().mapToDouble(q -> q.rank() == 0 ? 0 : 1.0 / q.rank()).average().orElse(0),
                Stats.share(answerable.stream().filter(QuestionResult::refused).count(), answerable.size()),
                answeredShare(unanswerable), answeredShare(nearMisses), answeredShare(outside),
                Stats.median(answerSentences), Stats.median(answerWords), Stats.median(spans),
                recordingQuestions.size(),
                Stats.share(recordingQuestions.stream().filter(QuestionResult::firstCitationHitsTime).count(),
                        recordingQuestions.size()),
                Stats.share(recordingQuestions.stream().filter(QuestionResult::someCitationHitsTime).count(),
                        recordingQuestions.size()),
                paraphrased.size(), citedWithin(paraphrased, 3),
                transcripts.size(), Stats.share(wordErrors, referenceWords));
    }

    private static double citedWithin(List<QuestionResult> answerable, int k) {
        return Stats.share(answerable.stream().filter(q -> !q.refused() && q.rank() >= 1 && q.rank() <= k).count(),
                answerable.size());
    }

    private static double answeredShare(List<QuestionResult> unanswerable) {
        return Stats.share(unanswerable.stream().filter(q -> !q.refused()).count(), unanswerable.size());
    }
}
