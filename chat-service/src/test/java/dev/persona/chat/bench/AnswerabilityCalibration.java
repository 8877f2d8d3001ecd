package dev.persona.chat.bench;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.persona.chat.bench.GateCalibration.Question;
import dev.persona.chat.bench.GateCalibration.Score;
import dev.persona.chat.service.generation.Answerability;
import dev.persona.chat.service.generation.EvidenceSelector;
import dev.persona.chat.service.generation.UsedSentence;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.retrieval.Retriever;
import dev.persona.common.embedding.EmbeddingModels;
import dev.persona.infra.EmbeddedMongo;
import dev.persona.infra.FreePort;
import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Calibrates what decides, after the relevance gate, that chosen evidence answers a question: the cosine floor for
 * questions that do not address the person ({@link EvidenceSelector#addressesPerson}, shipped) and
 * {@link Answerability}'s logistic regression (off: not supported by the holdout split), on the grounding benchmark's
 * DEV personas, and reports both on the holdout personas, which are never used to choose anything. Replays a stored bench run's memory with the
 * shipped gate and evidence selection (as {@link GateCalibration} does); every dev question the gate answers is a
 * training example, labelled answerable or not. The L2 strength and the threshold are chosen on leave-one-persona-out
 * predictions (so the threshold is the one an unseen persona would get): the highest cited@3 minus false answer rate
 * with false refusals at most 5 %. Prints the figures before and after for both splits, the coefficients as
 * {@code application.properties} lines, the floor's dev trade-off and chosen value with its holdout figures, the
 * shipped defaults replayed through EvidenceSelector itself, and with {@code --answers} every unanswerable
 * question's verdict.
 *
 * <pre>
 * cp bench/grounding/target/stack-runs/&lt;run&gt;/mongo/persona.mv /tmp/replay.mv   # the replay modifies the file
 * ./mvnw -o -pl chat-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.persona.chat.bench.AnswerabilityCalibration \
 *   -Dexec.args="/tmp/replay.mv bench/grounding/corpus bge-small-en-v15-q"
 * </pre>
 * Options after the three arguments: {@code --answers}; {@code --second-model all-minilm-l6-v2-q} (adds that model's
 * cosine of the question to the best chosen sentence as a feature, for comparison only: not shipped);
 * {@code --without keyword_coverage,margin} (ablation: those features held at 0); {@code --keep-cited} (the threshold
 * may not lower dev cited@3).
 */
public final class AnswerabilityCalibration {
    private static final double MAX_FALSE_REFUSALS = 0.05;
    private static final double[] L2 = {0.01, 0.1, 0.3, 1, 3, 10};
    /** chat-service's default {@code persona.chat.answer.unaddressed-min-similarity}. */
    static final double SHIPPED_UNADDRESSED_FLOOR = 0.49;

    /** With {@code --label-cited}: only answers citing the right source within three count as good examples. */
    static boolean labelCited;

    /** One replayed question: what the shipped gate chose for it and the features of that choice. */
    record Case(Question question, List<UsedSentence> chosen, double[] features, int rank) {
        boolean answered() {
            return !chosen.isEmpty();
        }

        double label() {
            return question.answerable() && (!labelCited || rank >= 1 && rank <= 3) ? 1 : 0;
        }
    }

    private final GateCalibration replay = new GateCalibration();
    private final List<Case> cases = new ArrayList<>();
    /** Features left out of the model (held at 0, so their weight is 0): for ablations. */
    private static List<String> dropped = List.of();
    /** With {@code --masked}: the persona's model, for the question without the words it shares with the evidence. */
    private EmbeddingModels masked;
    /** Whether the threshold may not lower dev cited@3 below the shipped gate's. */
    private static boolean keepCited;

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: AnswerabilityCalibration persona.mv|mongoUri report.json|corpusFolder modelId"
                    + " [--answers] [--second-model id]");
            System.exit(2);
        }
        List<String> options = Arrays.asList(args).subList(3, args.length);
        AnswerabilityCalibration calibration = new AnswerabilityCalibration();
        if (args[0].endsWith(".mv")) {
            try (EmbeddedMongo store = EmbeddedMongo.persistent(java.nio.file.Path.of(args[0]), FreePort.find())
                    .start()) {
                calibration.replay.load(store.connectionString(), new File(args[1]), args[2]);
            }
        } else {
            calibration.replay.load(args[0], new File(args[1]), args[2]);
        }
        int second = options.indexOf("--second-model");
        calibration.masked = options.contains("--masked") ? EmbeddingModels.byId(args[2]) : null;
        calibration.replayShippedGate(second >= 0 ? EmbeddingModels.byId(options.get(second + 1)) : null);
        int variants = options.indexOf("--variants");
        // "--variants a|--without+x|--label-cited": several settings from one replay ('a': as given; '+' for a space).
        for (String variant : variants >= 0 ? options.get(variants + 1).split("\\|") : new String[] {""}) {
            List<String> v = new ArrayList<>(options);
            v.addAll(Arrays.asList(variant.strip().split("[\\s+]+")));
            int without = v.lastIndexOf("--without");
            dropped = without >= 0 ? List.of(v.get(without + 1).split(",")) : List.of();
            keepCited = v.contains("--keep-cited");
            labelCited = v.contains("--label-cited");
            System.out.println("\n===== variant: " + (variant.isBlank() ? "as given" : variant.strip()));
            calibration.run(v.contains("--answers"));
        }
        calibration.printShipped();
    }

    private void replayShippedGate(EmbeddingModels secondModel) {
        HybridSearch.Params gate = HybridSearch.Params.defaults();
        EvidenceSelector.Params select = new EvidenceSelector.Params(3, 0.08, 0.35, gate.minSimilarityWithKeywords());
        EmbeddingModel second = secondModel == null ? null : secondModel.load(null);
        for (Question q : replay.questions) {
            PersonaIndex index = replay.plain.get(q.persona());
            float[] vector = replay.vectors.get(q);
            List<HybridSearch.Hit> hits = HybridSearch.search(index, vector, q.text(), gate);
            Retrieved retrieved = new Retrieved(hits.stream().map(h -> Retriever.passage(index, h)).toList(), vector,
                    0, 0, index.size());
            List<UsedSentence> chosen = EvidenceSelector.select(q.text(), retrieved, select);
            double[] features = Answerability.features(q.text(), retrieved, chosen);
            if (second != null) {
                features = Arrays.copyOf(features, features.length + 1);
                features[features.length - 1] = chosen.isEmpty() ? 0 : secondOpinion(second, secondModel, q, chosen);
            }
            if (masked != null) {
                features = Arrays.copyOf(features, features.length + 1);
                features[features.length - 1] = chosen.isEmpty() ? 0 : residual(index, q, chosen);
            }
            List<String> cited = chosen.stream().sorted(Comparator.comparingDouble(UsedSentence::score).reversed())
                    .map(UsedSentence::sourceId).toList();
            int rank = cited.indexOf(Objects.requireNonNullElse(q.expectedSourceId(), "?")) + 1;
            cases.add(new Case(q, chosen, features, rank));
        }
    }

    private EmbeddingModel maskedModel;

    /**
     * What the question asks beyond the words it shares with the evidence: the best cosine of the question, without
     * the content words each chosen sentence also holds (compared on their first five letters), to that sentence.
     * A near miss shares the topic and keeps only the unanswered ask ("What breed is your ...?").
     */
    private double residual(PersonaIndex index, Question q, List<UsedSentence> chosen) {
        if (maskedModel == null) {
            maskedModel = masked.load(null);
        }
        double best = -1;
        for (UsedSentence u : chosen) {
            java.util.Set<String> said = new java.util.HashSet<>();
            for (String w : u.text().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
                if (!w.isEmpty() && !STOP.contains(w)) {
                    said.add(w.substring(0, Math.min(5, w.length())));
                }
            }
            StringBuilder rest = new StringBuilder();
            for (String w : q.text().split("\\s+")) {
                String bare = w.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}']", "");
                if (bare.isEmpty() || STOP.contains(bare) || !said.contains(bare.substring(0, Math.min(5, bare.length())))) {
                    rest.append(w).append(' ');
                }
            }
            float[] v = dev.persona.chat.service.retrieval.IndexedChunk.unit(
                    maskedModel.embed(masked.asQuery(rest.toString().strip())).content().vector());
            float[] sentence = vectorOf(index, u);
            best = Math.max(best, cosine(v, sentence));
        }
        return best;
    }

    private static final java.util.Set<String> STOP = java.util.Set.of("a", "an", "and", "are", "as", "at", "be",
            "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of", "on", "or", "such", "that", "the",
            "their", "then", "there", "these", "they", "this", "to", "was", "will", "with", "i", "you", "your", "my",
            "me", "we", "our", "do", "does", "did", "what", "which", "who", "how", "when", "where", "why", "have",
            "has", "had", "he", "she", "his", "her");

    private static float[] vectorOf(PersonaIndex index, UsedSentence u) {
        for (var entry : index.entries()) {
            if (entry.chunk().id().equals(u.passage().chunk().id())) {
                return entry.sentenceVectors().get(u.position());
            }
        }
        throw new IllegalStateException("no chunk " + u.passage().chunk().id());
    }

    /** The shipped defaults' figures, replayed through {@link EvidenceSelector} itself (its unaddressed floor on). */
    private void printShipped() {
        HybridSearch.Params gate = HybridSearch.Params.defaults();
        EvidenceSelector.Params select = new EvidenceSelector.Params(3, 0.08, 0.35, gate.minSimilarityWithKeywords(),
                SHIPPED_UNADDRESSED_FLOOR);
        List<Case> shipped = new ArrayList<>();
        for (Case c : cases) {
            Question q = c.question();
            PersonaIndex index = replay.plain.get(q.persona());
            float[] vector = replay.vectors.get(q);
            Retrieved retrieved = new Retrieved(HybridSearch.search(index, vector, q.text(), gate).stream()
                    .map(h -> Retriever.passage(index, h)).toList(), vector, 0, 0, index.size());
            shipped.add(new Case(q, EvidenceSelector.select(q.text(), retrieved, select), c.features(), c.rank()));
        }
        System.out.printf(Locale.ROOT, "%nShipped (EvidenceSelector, unaddressed floor %.2f, answerability model off):"
                + "%n  dev     %s%n  holdout %s%n", SHIPPED_UNADDRESSED_FLOOR,
                score(shipped.stream().filter(c -> c.question().split().equals("dev")).toList(), c -> true),
                score(shipped.stream().filter(c -> c.question().split().equals("holdout")).toList(), c -> true));
        for (String split : List.of("dev", "holdout")) {
            for (String kind : List.of("near-miss", "out-of-corpus")) {
                List<Case> of = shipped.stream().filter(c -> c.question().split().equals(split)
                        && c.question().kind().equals(kind)).toList();
                System.out.printf("  %s %s answered: %d of %d%n", split, kind, of.stream().filter(Case::answered)
                        .count(), of.size());
            }
        }
    }

    /** The second model's best cosine of the question to a chosen sentence. */
    private static double secondOpinion(EmbeddingModel model, EmbeddingModels kind, Question q,
            List<UsedSentence> chosen) {
        float[] question = model.embed(kind.asQuery(q.text())).content().vector();
        double best = -1;
        for (UsedSentence u : chosen) {
            float[] sentence = model.embed(TextSegment.from(u.text())).content().vector();
            best = Math.max(best, cosine(question, sentence));
        }
        return best;
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    private void run(boolean answers) {
        List<Case> dev = split("dev");
        List<Case> holdout = split("holdout");
        System.out.printf("%ndev: %d answerable, %d unanswerable; holdout: %d answerable, %d unanswerable%n",
                count(dev, true), count(dev, false), count(holdout, true), count(holdout, false));
        System.out.println("\nBefore (shipped gate alone):");
        System.out.println("  dev     " + score(dev, c -> true));
        System.out.println("  holdout " + score(holdout, c -> true));

        // L2 strength and threshold from leave-one-persona-out predictions on dev.
        double bestLoss = Double.POSITIVE_INFINITY;
        double lambda = L2[0];
        double[] outOfFold = null;
        for (double l2 : L2) {
            double[] p = leaveOnePersonaOut(dev, l2);
            double loss = logLoss(dev, p);
            System.out.printf(Locale.ROOT, "  L2 %.2f: leave-one-persona-out log loss %.4f%n", l2, loss);
            if (loss < bestLoss) {
                bestLoss = loss;
                lambda = l2;
                outOfFold = p;
            }
        }
        double minCited = keepCited ? score(dev, c -> true).cited3Rate() : 0;
        double threshold = chooseThreshold(dev, outOfFold, minCited);
        double[] oof = outOfFold;
        System.out.printf(Locale.ROOT, "%nChosen: L2 %.2f, threshold %.2f (dev, leave-one-persona-out, false refusals"
                + " <= %.0f %%)%n", lambda, threshold, MAX_FALSE_REFUSALS * 100);
        System.out.println("  dev (out of fold) " + score(dev, c -> keep(c, oof[dev.indexOf(c)], threshold)));

        Logistic model = Logistic.train(trainingRows(dev), labels(dev), lambda);
        System.out.println("\nAfter (model trained on all dev answered questions):");
        System.out.println("  dev     " + score(dev, c -> keep(c, model.probability(x(c)), threshold)));
        System.out.println("  holdout " + score(holdout, c -> keep(c, model.probability(x(c)), threshold)));
        System.out.println("  holdout by kind: near misses answered " + answered(holdout, "near-miss", model, threshold)
                + ", out of corpus answered " + answered(holdout, "out-of-corpus", model, threshold));
        System.out.println("  dev by kind:     near misses answered " + answered(dev, "near-miss", model, threshold)
                + ", out of corpus answered " + answered(dev, "out-of-corpus", model, threshold));
        printCoefficients(model, threshold);
        unaddressedFloor(dev, holdout);
        if (answers) {
            printAnswers(dev, model, threshold);
            printAnswers(holdout, model, threshold);
        }
    }

    /**
     * A simpler rule than the model: a question that does not address the person (no "you" or "your": "How do I fix
     * a leaking tap?") is answered only when its best chosen sentence reaches a higher cosine floor. The floor with
     * the fewest dev false answers that keeps dev cited@3 and false refusals <= 5 % is reported on holdout.
     */
    private static void unaddressedFloor(List<Case> dev, List<Case> holdout) {
        int best = Answerability.FEATURES.indexOf("best_similarity");
        int addressed = Answerability.FEATURES.indexOf("addresses_persona");
        double cited = score(dev, c -> true).cited3Rate();
        double chosen = 0;
        int fewest = Integer.MAX_VALUE;
        System.out.println("\nCosine floor for questions that do not address the person (dev):");
        for (int step = 45; step <= 70; step++) {
            double floor = step / 100.0;
            Score s = score(dev, c -> c.features()[addressed] > 0 || c.features()[best] >= floor);
            System.out.printf(Locale.ROOT, "  floor %.2f: %s%n", floor, s);
            if (s.falseRefusalRate() <= MAX_FALSE_REFUSALS + 1e-9 && s.cited3Rate() >= cited - 1e-9
                    && s.falseAnswers() < fewest) {
                fewest = s.falseAnswers();
                chosen = floor;
            }
        }
        double floor = chosen;
        System.out.printf(Locale.ROOT, "Chosen floor %.2f%n  dev     %s%n  holdout %s%n", floor,
                score(dev, c -> c.features()[addressed] > 0 || c.features()[best] >= floor),
                score(holdout, c -> c.features()[addressed] > 0 || c.features()[best] >= floor));
    }

    /** A case's features with the dropped ones held at 0 (their weights come out 0). */
    private static double[] x(Case c) {
        double[] f = c.features().clone();
        for (String name : dropped) {
            f[Answerability.FEATURES.indexOf(name)] = 0;
        }
        return f;
    }

    private static boolean keep(Case c, double probability, double threshold) {
        return probability >= threshold;
    }

    private List<Case> split(String split) {
        return cases.stream().filter(c -> c.question().split().equals(split)).toList();
    }

    private static long count(List<Case> cases, boolean answerable) {
        return cases.stream().filter(c -> c.question().answerable() == answerable).count();
    }

    private static String answered(List<Case> cases, String kind, Logistic model, double threshold) {
        List<Case> ofKind = cases.stream().filter(c -> c.question().kind().equals(kind)).toList();
        long before = ofKind.stream().filter(Case::answered).count();
        long after = ofKind.stream().filter(c -> c.answered() && model.probability(x(c)) >= threshold).count();
        return before + " -> " + after + " of " + ofKind.size();
    }

    private static double[][] trainingRows(List<Case> cases) {
        return cases.stream().filter(Case::answered).map(AnswerabilityCalibration::x).toArray(double[][]::new);
    }

    private static double[] labels(List<Case> cases) {
        return cases.stream().filter(Case::answered).mapToDouble(Case::label).toArray();
    }

    /** For each case, the probability from a model trained on the other dev personas' answered questions. */
    private static double[] leaveOnePersonaOut(List<Case> dev, double l2) {
        double[] p = new double[dev.size()];
        for (String persona : dev.stream().map(c -> c.question().persona()).distinct().toList()) {
            List<Case> train = dev.stream().filter(c -> !c.question().persona().equals(persona)).toList();
            Logistic model = Logistic.train(trainingRows(train), labels(train), l2);
            for (int i = 0; i < dev.size(); i++) {
                if (dev.get(i).question().persona().equals(persona)) {
                    p[i] = model.probability(x(dev.get(i)));
                }
            }
        }
        return p;
    }

    private static double logLoss(List<Case> dev, double[] p) {
        double loss = 0;
        int n = 0;
        for (int i = 0; i < dev.size(); i++) {
            if (dev.get(i).answered()) {
                double q = Math.min(1 - 1e-9, Math.max(1e-9, p[i]));
                loss -= dev.get(i).label() * Math.log(q) + (1 - dev.get(i).label()) * Math.log(1 - q);
                n++;
            }
        }
        return loss / n;
    }

    /** The threshold with the best cited@3 minus false answer rate whose false refusal rate stays within bounds. */
    private static double chooseThreshold(List<Case> dev, double[] p, double minCited) {
        double best = 0;
        double bestObjective = Double.NEGATIVE_INFINITY;
        for (int step = 0; step <= 100; step++) {
            double t = step / 100.0;
            Score s = score(dev, c -> p[dev.indexOf(c)] >= t);
            if (s.falseRefusalRate() <= MAX_FALSE_REFUSALS + 1e-9 && s.cited3Rate() >= minCited - 1e-9
                    && s.objective() > bestObjective + 1e-9) {
                bestObjective = s.objective();
                best = t;
            }
        }
        return best;
    }

    /** Figures as the bench counts them; {@code keep} decides, for a question the gate answered, whether it stays. */
    static Score score(List<Case> cases, Predicate<Case> keep) {
        int answerable = 0;
        int unanswerable = 0;
        int cited1 = 0;
        int cited3 = 0;
        double reciprocal = 0;
        int falseRefusals = 0;
        int falseAnswers = 0;
        int answered = 0;
        int sentences = 0;
        for (Case c : cases) {
            boolean answers = c.answered() && keep.test(c);
            if (answers) {
                answered++;
                sentences += c.chosen().size();
            }
            if (c.question().answerable()) {
                answerable++;
                int rank = answers ? c.rank() : 0;
                falseRefusals += answers ? 0 : 1;
                cited1 += rank == 1 ? 1 : 0;
                cited3 += rank >= 1 && rank <= 3 ? 1 : 0;
                reciprocal += rank == 0 ? 0 : 1.0 / rank;
            } else {
                unanswerable++;
                falseAnswers += answers ? 1 : 0;
            }
        }
        return new Score(answerable, unanswerable, cited1, cited3, reciprocal, falseRefusals, falseAnswers,
                answered == 0 ? 0 : sentences / (double) answered);
    }

    private static void printCoefficients(Logistic model, double threshold) {
        List<String> names = new ArrayList<>(Answerability.FEATURES);
        while (names.size() < model.weights().length) {
            names.add("extra");
        }
        System.out.println("\nCoefficients (raw feature scale):");
        System.out.printf(Locale.ROOT, "  %-20s %9.4f%n", "intercept", model.intercept());
        for (int i = 0; i < model.weights().length; i++) {
            System.out.printf(Locale.ROOT, "  %-20s %9.4f   (standardised %7.3f)%n", names.get(i), model.weights()[i],
                    model.standardisedWeights()[i]);
        }
        if (model.weights().length == Answerability.FEATURES.size()) {
            System.out.println("\napplication.properties:");
            System.out.printf(Locale.ROOT, "persona.chat.answer.answerability.intercept=%.4f%n", model.intercept());
            System.out.println("persona.chat.answer.answerability.weights=" + String.join(",",
                    Arrays.stream(model.weights()).mapToObj(w -> String.format(Locale.ROOT, "%.4f", w)).toList()));
            System.out.printf(Locale.ROOT, "persona.chat.answer.answerability.threshold=%.2f%n", threshold);
        }
    }

    private static void printAnswers(List<Case> cases, Logistic model, double threshold) {
        for (Case c : cases) {
            if (!c.answered() || c.question().answerable() && model.probability(x(c)) >= threshold) {
                continue;
            }
            double p = model.probability(x(c));
            System.out.printf(Locale.ROOT, "A %s %-13s p=%.2f %s | %s | %s%n", c.question().split(),
                    c.question().kind(), p, p >= threshold ? "ANSWERED" : "refused", c.question().text(),
                    Arrays.stream(x(c)).mapToObj(f -> String.format(Locale.ROOT, "%.3f", f)).toList());
            System.out.println("      " + c.chosen().get(0).text());
        }
    }

    /**
     * L2-regularised logistic regression on standardised features, fitted by Newton's method (a few features,
     * a few hundred rows: exact and deterministic); the intercept is not penalised.
     */
    record Logistic(double intercept, double[] weights, double[] standardisedWeights) {
        double probability(double[] x) {
            double z = intercept;
            for (int i = 0; i < weights.length; i++) {
                z += weights[i] * x[i];
            }
            return 1 / (1 + Math.exp(-z));
        }

        static Logistic train(double[][] x, double[] y, double l2) {
            int n = x.length;
            int d = x[0].length;
            double[] mean = new double[d];
            double[] std = new double[d];
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    mean[j] += row[j] / n;
                }
            }
            for (double[] row : x) {
                for (int j = 0; j < d; j++) {
                    std[j] += (row[j] - mean[j]) * (row[j] - mean[j]) / n;
                }
            }
            for (int j = 0; j < d; j++) {
                std[j] = Math.sqrt(std[j]) < 1e-9 ? 1 : Math.sqrt(std[j]);
            }
            double[][] z = new double[n][d + 1];
            for (int i = 0; i < n; i++) {
                z[i][0] = 1;
                for (int j = 0; j < d; j++) {
                    z[i][j + 1] = (x[i][j] - mean[j]) / std[j];
                }
            }
            double[] beta = new double[d + 1];
            for (int iteration = 0; iteration < 50; iteration++) {
                double[] gradient = new double[d + 1];
                double[][] hessian = new double[d + 1][d + 1];
                for (int i = 0; i < n; i++) {
                    double p = 1 / (1 + Math.exp(-dot(beta, z[i])));
                    for (int a = 0; a <= d; a++) {
                        gradient[a] += (p - y[i]) * z[i][a];
                        for (int b = 0; b <= d; b++) {
                            hessian[a][b] += p * (1 - p) * z[i][a] * z[i][b];
                        }
                    }
                }
                for (int a = 1; a <= d; a++) {
                    gradient[a] += l2 * beta[a];
                    hessian[a][a] += l2;
                }
                double[] step = solve(hessian, gradient);
                double change = 0;
                for (int a = 0; a <= d; a++) {
                    beta[a] -= step[a];
                    change = Math.max(change, Math.abs(step[a]));
                }
                if (change < 1e-10) {
                    break;
                }
            }
            double intercept = beta[0];
            double[] weights = new double[d];
            double[] standardised = new double[d];
            for (int j = 0; j < d; j++) {
                standardised[j] = beta[j + 1];
                weights[j] = beta[j + 1] / std[j];
                intercept -= weights[j] * mean[j];
            }
            return new Logistic(intercept, weights, standardised);
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        /** Gaussian elimination with partial pivoting; the Hessian plus the L2 term is positive definite. */
        private static double[] solve(double[][] a, double[] b) {
            int n = b.length;
            double[][] m = new double[n][];
            for (int i = 0; i < n; i++) {
                m[i] = Arrays.copyOf(a[i], n + 1);
                m[i][n] = b[i];
            }
            for (int col = 0; col < n; col++) {
                int pivot = col;
                for (int r = col + 1; r < n; r++) {
                    if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                        pivot = r;
                    }
                }
                double[] tmp = m[col];
                m[col] = m[pivot];
                m[pivot] = tmp;
                for (int r = col + 1; r < n; r++) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c <= n; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
            double[] out = new double[n];
            for (int r = n - 1; r >= 0; r--) {
                double s = m[r][n];
                for (int c = r + 1; c < n; c++) {
                    s -= m[r][c] * out[c];
                }
                out[r] = s / m[r][r];
            }
            return out;
        }
    }
}
