package dev.persona.chat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.persona.chat.service.generation.EvidenceSelector;
import dev.persona.chat.service.generation.UsedSentence;
import dev.persona.chat.service.retrieval.ChunkStore;
import dev.persona.chat.service.retrieval.HybridSearch;
import dev.persona.chat.service.retrieval.IndexedChunk;
import dev.persona.chat.service.retrieval.PersonaIndex;
import dev.persona.chat.service.retrieval.Retrieved;
import dev.persona.chat.service.retrieval.Retriever;
import dev.persona.chat.service.retrieval.SpokenTextAnalyzer;
import dev.persona.common.embedding.EmbeddingModels;
import dev.persona.common.memory.ChunkCodec;
import dev.persona.common.memory.MemoryCollections;
import dev.persona.infra.EmbeddedMongo;
import dev.persona.infra.FreePort;
import java.io.File;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;

/**
 * Calibrates the relevance gate and answer selection offline on the grounding benchmark's DEV personas, then reports
 * the chosen setting on the holdout personas, which are never used to choose. Reads the chunks the real pipeline
 * wrote (any MongoDB or Mongo-wire server holding a bench run's data) and the bench's report (the questions and what
 * each expects), and replays retrieval and evidence selection in-process for every setting of a grid: the same code
 * chat-service runs.
 *
 * <pre>
 * ./mvnw -q -pl chat-service test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.persona.chat.bench.GateCalibration \
 *   -Dexec.args="mongodb://localhost:27017 bench/grounding/target/report.json bge-small-en-v15-q"
 * </pre>
 */
public final class GateCalibration {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Question(String persona, String split, String kind, String text, String expectedSourceId) {
        boolean answerable() {
            return "answerable".equals(kind);
        }
    }

    record Setting(double minSimilarity, double minSimilarityWithKeywords, double minKeywordCoverage,
            double keywordWeight, double keepWithin, double continuation, boolean phonetic) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "minSim=%.2f minSimKw=%.2f minCov=%.2f kwWeight=%.2f keep=%.2f cont=%.2f phonetic=%s",
                    minSimilarity, minSimilarityWithKeywords, minKeywordCoverage, keywordWeight, keepWithin,
                    continuation, phonetic);
        }
    }

    record Score(int answerable, int unanswerable, int cited1, int cited3, double reciprocal, int falseRefusals,
            int falseAnswers, double sentences) {
        double cited3Rate() {
            return cited3 / (double) answerable;
        }

        double falseRefusalRate() {
            return falseRefusals / (double) answerable;
        }

        double falseAnswerRate() {
            return falseAnswers / (double) unanswerable;
        }

        /** What the gate trades: answerable questions cited against unanswerable questions answered, as rates. */
        double objective() {
            return cited3Rate() - falseAnswerRate();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "cited@1 %.3f cited@3 %.3f MRR %.3f falseRefusal %.3f falseAnswer %.3f"
                    + " sentences/answer %.2f (n=%d/%d)", cited1 / (double) answerable, cited3Rate(),
                    reciprocal / answerable, falseRefusalRate(), falseAnswerRate(), sentences, answerable,
                    unanswerable);
        }
    }

    final Map<String, PersonaIndex> plain = new HashMap<>();
    private final Map<String, PersonaIndex> phonetic = new HashMap<>();
    final List<Question> questions = new ArrayList<>();
    final Map<Question, float[]> vectors = new HashMap<>();

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: GateCalibration mongoUri|persona.mv report.json|corpusFolder modelId [--signals|--answers]");
            System.exit(2);
        }
        GateCalibration calibration = new GateCalibration();
        if (args[0].endsWith(".mv")) {
            // A copy of a bench run's stack data: serve it on a free port for the duration of the calibration.
            try (EmbeddedMongo store = EmbeddedMongo.persistent(java.nio.file.Path.of(args[0]), FreePort.find())
                    .start()) {
                calibration.load(store.connectionString(), new File(args[1]), args[2]);
            }
        } else {
            calibration.load(args[0], new File(args[1]), args[2]);
        }
        if (args.length > 3 && "--signals".equals(args[3])) {
            calibration.dumpSignals();
        } else if (args.length > 3 && "--answers".equals(args[3])) {
            calibration.dumpAnswers();
        } else {
            calibration.run();
        }
    }

    /**
     * Personas are matched to the corpus by name ("Liam O'Sullivan" is corpus persona {@code liam-osullivan}) and
     * sources by file name (recording {@code 01-the-classroom} was uploaded as {@code 01-the-classroom.wav}).
     * {@code questionsFrom} is a bench report (the questions that run asked) or the corpus folder
     * ({@code bench/grounding/corpus}: its current questions, asked of the stored run's memory).
     */
    void load(String mongoUri, File questionsFrom, String modelId) throws Exception {
        Map<String, Map<String, String>> sourceIds = new HashMap<>();
        try (MongoClient mongo = MongoClients.create(mongoUri)) {
            var db = mongo.getDatabase(MemoryCollections.DATABASE_DEFAULT);
            for (Document persona : db.getCollection("personas").find()) {
                String corpusId = persona.getString("name").toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", "")
                        .replace(' ', '-');
                List<IndexedChunk> chunks = new ArrayList<>();
                Map<String, String> byName = new HashMap<>();
                for (Document d : db.getCollection(MemoryCollections.CHUNKS)
                        .find(Filters.and(Filters.eq("personaId", persona.getString("_id")),
                                Filters.eq("embeddingModelId", modelId)))) {
                    IndexedChunk chunk = ChunkStore.toIndexed(ChunkCodec.decode(d));
                    if (chunk != null) {
                        chunks.add(chunk);
                        String name = chunk.chunk().sourceName();
                        byName.put(name, chunk.chunk().sourceId());
                        byName.put(name.replaceFirst("\\.[a-z0-9]+$", ""), chunk.chunk().sourceId());
                    }
                }
                sourceIds.put(corpusId, byName);
                plain.put(corpusId, PersonaIndex.of(chunks, new SpokenTextAnalyzer(false)));
                phonetic.put(corpusId, PersonaIndex.of(chunks, new SpokenTextAnalyzer(true)));
                System.out.printf("persona %s: %d chunks%n", corpusId, chunks.size());
            }
        }
        EmbeddingModels kind = EmbeddingModels.byId(modelId);
        EmbeddingModel model = kind.load(null);
        for (JsonNode q : questions(questionsFrom)) {
            String persona = q.get("persona").asText();
            String expected = q.hasNonNull("expectedSource")
                    ? sourceIds.getOrDefault(persona, Map.of()).get(q.get("expectedSource").asText()) : null;
            Question question = new Question(persona, q.get("split").asText(), q.get("kind").asText(),
                    q.get("question").asText(), expected);
            if (plain.containsKey(persona)) {
                questions.add(question);
                vectors.put(question, model.embed(kind.asQuery(question.text())).content().vector());
            }
        }
        System.out.printf("%d questions, %d answerable without a known source%n", questions.size(),
                questions.stream().filter(x -> x.answerable() && x.expectedSourceId() == null).count());
    }

    /** The questions of a bench report, or those of every {@code persona.json} under a corpus folder, alike. */
    private static List<JsonNode> questions(File from) throws java.io.IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!from.isDirectory()) {
            JSON.readTree(from).get("questions").forEach(out::add);
            return out;
        }
        File[] personas = from.listFiles(f -> new File(f, "persona.json").isFile());
        java.util.Arrays.sort(personas);
        for (File folder : personas) {
            JsonNode persona = JSON.readTree(new File(folder, "persona.json"));
            for (JsonNode q : persona.get("questions")) {
                var node = JSON.createObjectNode().put("persona", persona.get("id").asText())
                        .put("split", persona.get("split").asText()).put("question", q.get("ask").asText())
                        .put("kind", q.hasNonNull("unanswerable") ? q.get("unanswerable").asText() : "answerable");
                if (q.hasNonNull("source")) {
                    node.put("expectedSource", q.get("source").asText());
                }
                out.add(node);
            }
        }
        return out;
    }

    /** Per question, the signals a gate could use, as CSV on standard out (for looking at the dev split). */
    private void dumpSignals() {
        System.out.println("CSV,split,kind,best,second,mean,std,coverage,correct");
        for (Question q : questions) {
            PersonaIndex index = plain.get(q.persona());
            float[] v = IndexedChunk.unit(vectors.get(q));
            int n = index.sentenceCount();
            double[] sims = new double[n];
            double sum = 0;
            int bestRow = 0;
            for (int i = 0; i < n; i++) {
                sims[i] = org.apache.lucene.util.VectorUtil.dotProduct(v, index.sentences().vector(i));
                sum += sims[i];
                if (sims[i] > sims[bestRow]) {
                    bestRow = i;
                }
            }
            double mean = sum / n;
            double var = 0;
            for (double x : sims) {
                var += (x - mean) * (x - mean);
            }
            double[] sorted = sims.clone();
            java.util.Arrays.sort(sorted);
            String source = index.chunk(index.chunkOfSentence(bestRow)).sourceId();
            float coverage = index.sentences().coverage(index.analyzer().queryTerms(q.text()), new int[] {bestRow})[0];
            System.out.printf(Locale.ROOT, "CSV,%s,%s,%.4f,%.4f,%.4f,%.4f,%.3f,%s%n", q.split(), q.kind(), sorted[n - 1],
                    sorted[n - 2], mean, Math.sqrt(var / n), coverage, source.equals(q.expectedSourceId()));
        }
    }

    /** Per question, what the shipped defaults answer: the sentences chosen, or REFUSED (for reading, not scoring). */
    private void dumpAnswers() {
        HybridSearch.Params params = HybridSearch.Params.defaults();
        EvidenceSelector.Params select = new EvidenceSelector.Params(3, 0.08, 0.35, 0.45,
                AnswerabilityCalibration.SHIPPED_UNADDRESSED_FLOOR);
        for (Question q : questions) {
            PersonaIndex index = plain.get(q.persona());
            float[] vector = vectors.get(q);
            List<HybridSearch.Hit> hits = HybridSearch.search(index, vector, q.text(), params);
            Retrieved retrieved = new Retrieved(hits.stream().map(h -> Retriever.passage(index, h)).toList(), vector,
                    0, 0, index.size());
            List<UsedSentence> used = EvidenceSelector.select(q.text(), retrieved, select);
            String verdict = used.isEmpty() ? "REFUSED"
                    : used.stream().anyMatch(u -> u.sourceId().equals(q.expectedSourceId())) ? "CITED" : "OTHER";
            System.out.printf(Locale.ROOT, "Q %s %s %s | %s%n", q.split(), q.kind(), verdict, q.text());
            for (UsedSentence u : used) {
                System.out.printf(Locale.ROOT, "    %.3f %.3f %s%n", u.similarity(), u.score(), u.text());
            }
        }
        printShipped();
    }

    /**
     * The shipped defaults' figures per split, and how many near misses and out-of-corpus questions they answer:
     * the before and after of a change to evidence selection ({@code --answers} prints them after the answers).
     */
    private void printShipped() {
        HybridSearch.Params d = HybridSearch.Params.defaults();
        Setting shipped = new Setting(d.minSimilarity(), d.minSimilarityWithKeywords(), d.minKeywordCoverage(),
                d.keywordWeight(), 0.08, 0.35, false);
        System.out.println("\nShipped defaults (" + shipped + "):");
        for (String split : List.of("dev", "holdout")) {
            System.out.printf("  %-7s %s%n", split, score(shipped, split));
            for (String kind : List.of("near-miss", "out-of-corpus")) {
                List<Question> all = List.copyOf(questions);
                questions.removeIf(q -> !q.kind().equals(kind));
                Score of = score(shipped, split);
                questions.clear();
                questions.addAll(all);
                System.out.printf("          %s answered: %d of %d%n", kind, of.falseAnswers(), of.unanswerable());
            }
        }
    }

    private void run() {

        List<Setting> grid = new ArrayList<>();
        for (double minSim : new double[] {0.30, 0.35, 0.40, 0.44, 0.45, 0.46, 0.47, 0.48, 0.49, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75}) {
            for (double minSimKw : new double[] {0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60}) {
                if (minSimKw > minSim) {
                    continue;
                }
                for (double minCov : new double[] {0.3, 0.5, 0.7, 0.99}) {
                    for (double kwWeight : new double[] {0.1, 0.2, 0.3}) {
                        for (boolean ph : new boolean[] {false, true}) {
                            grid.add(new Setting(minSim, minSimKw, minCov, kwWeight, 0.08, 0.35, ph));
                        }
                    }
                }
            }
        }
        record Ranked(Setting setting, Score dev) {
        }
        List<Ranked> ranked = new ArrayList<>();
        for (Setting s : grid) {
            ranked.add(new Ranked(s, score(s, "dev")));
        }
        ranked.sort(Comparator.comparingDouble((Ranked r) -> r.dev().objective()).reversed());
        System.out.println("\nTrade-off on dev: the best cited@3 at each false answer rate (Pareto front):");
        ranked.stream().sorted(Comparator.comparingDouble((Ranked r) -> r.dev().falseAnswerRate())
                .thenComparing(Comparator.comparingDouble((Ranked r) -> r.dev().cited3Rate()).reversed()))
                .reduce(new ArrayList<Ranked>(), (front, r) -> {
                    if (front.isEmpty() || r.dev().cited3Rate() > front.get(front.size() - 1).dev().cited3Rate()) {
                        front.add(r);
                    }
                    return front;
                }, (a, b) -> a)
                .forEach(r -> System.out.println("  " + r.setting() + "\n    dev     " + r.dev()));
        System.out.println("\nFewest false answers on dev while cited@3 stays within 2 points of the best:");
        double bestCited = ranked.stream().mapToDouble(r -> r.dev().cited3Rate()).max().orElse(0);
        ranked.stream().filter(r -> r.dev().cited3Rate() >= bestCited - 0.02)
                .sorted(Comparator.comparingDouble((Ranked r) -> r.dev().falseAnswerRate())).limit(5)
                .forEach(r -> System.out.println("  " + r.setting() + "\n    dev     " + r.dev()
                        + "\n    dev out-of-corpus answered " + outOfCorpusAnswered(r.setting(), "dev")));
        System.out.println("\nBest gate settings on dev (objective: cited@3 - false answer rate):");
        ranked.subList(0, Math.min(10, ranked.size())).forEach(r -> System.out.println("  " + r.setting() + "\n    dev     " + r.dev()));
        Setting best = ranked.get(0).setting();
        // Then the answer-selection knobs, with the chosen gate.
        List<Ranked> selection = new ArrayList<>();
        for (double keep : new double[] {0.02, 0.05, 0.08, 0.12}) {
            for (double cont : new double[] {0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 1.1}) {
                Setting s = new Setting(best.minSimilarity(), best.minSimilarityWithKeywords(), best.minKeywordCoverage(),
                        best.keywordWeight(), keep, cont, best.phonetic());
                selection.add(new Ranked(s, score(s, "dev")));
            }
        }
        System.out.println("\nAnswer selection with that gate (dev):");
        selection.forEach(r -> System.out.println("  " + r.setting() + "\n    dev     " + r.dev()));
        Setting without = new Setting(best.minSimilarity(), best.minSimilarityWithKeywords(), best.minKeywordCoverage(),
                best.keywordWeight(), best.keepWithin(), best.continuation(), !best.phonetic());
        System.out.println("\nChosen: " + best);
        System.out.println("  dev     " + score(best, "dev"));
        System.out.println("  holdout " + score(best, "holdout"));
        System.out.println("Same with phonetic=" + without.phonetic() + ":");
        System.out.println("  dev     " + score(without, "dev"));
        System.out.println("  holdout " + score(without, "holdout"));
    }

    private long outOfCorpusAnswered(Setting s, String split) {
        List<Question> all = List.copyOf(questions);
        questions.removeIf(q -> !q.kind().equals("out-of-corpus"));
        Score score = score(s, split);
        questions.clear();
        questions.addAll(all);
        return score.falseAnswers();
    }

    private Score score(Setting s, String split) {
        HybridSearch.Params params = new HybridSearch.Params(5, 50, 60, 0.7, s.minSimilarity(),
                s.minSimilarityWithKeywords(), s.minKeywordCoverage(), s.keywordWeight());
        // The shipped floor for questions that do not address the person stays on (AnswerabilityCalibration chose it).
        EvidenceSelector.Params select = new EvidenceSelector.Params(3, s.keepWithin(), s.continuation(),
                s.minSimilarityWithKeywords(), AnswerabilityCalibration.SHIPPED_UNADDRESSED_FLOOR);
        int answerable = 0;
        int unanswerable = 0;
        int cited1 = 0;
        int cited3 = 0;
        double reciprocal = 0;
        int falseRefusals = 0;
        int falseAnswers = 0;
        int answered = 0;
        int sentences = 0;
        for (Question q : questions) {
            if (!q.split().equals(split)) {
                continue;
            }
            PersonaIndex index = (s.phonetic() ? phonetic : plain).get(q.persona());
            float[] vector = vectors.get(q);
            List<HybridSearch.Hit> hits = HybridSearch.search(index, vector, q.text(), params);
            Retrieved retrieved = new Retrieved(hits.stream().map(h -> Retriever.passage(index, h)).toList(), vector,
                    0, 0, index.size());
            List<UsedSentence> used = EvidenceSelector.select(q.text(), retrieved, select);
            // Citations as chat-service orders them (best evidence first), one per sentence, as the bench ranks them.
            List<String> cited = used.stream().sorted(Comparator.comparingDouble(UsedSentence::score).reversed())
                    .map(UsedSentence::sourceId).toList();
            if (!used.isEmpty()) {
                answered++;
                sentences += used.size();
            }
            if (q.answerable()) {
                answerable++;
                int rank = cited.indexOf(Objects.requireNonNullElse(q.expectedSourceId(), "?")) + 1;
                if (used.isEmpty()) {
                    falseRefusals++;
                }
                if (rank == 1) {
                    cited1++;
                }
                if (rank >= 1 && rank <= 3) {
                    cited3++;
                }
                reciprocal += rank == 0 ? 0 : 1.0 / rank;
            } else {
                unanswerable++;
                if (!used.isEmpty()) {
                    falseAnswers++;
                }
            }
        }
        return new Score(answerable, unanswerable, cited1, cited3, reciprocal, falseRefusals, falseAnswers,
                answered == 0 ? 0 : sentences / (double) answered);
    }
}
