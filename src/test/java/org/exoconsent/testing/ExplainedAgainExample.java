package org.exoconsent.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;

/**
 * An example session whose patient answered one check question wrongly three times (issue 16 §7): each wrong answer
 * followed by the section acknowledged again, the third by the physician's second explanation in person first; the
 * session's other wrong answers acknowledged again too.
 */
public final class ExplainedAgainExample {
    private ExplainedAgainExample() {
    }

    /**
     * The example {@code name} ({@code complete-ja} or {@code complete-en}) with its one wrongly answered question
     * answered wrongly three times before the correct answer, at the times of the original attempts.
     *
     * @return the session's JSON: the question's entry has four attempts
     */
    public static ObjectNode session(String name) {
        ObjectNode json = Examples.json(name);
        for (var q : json.withArray("quiz")) {
            ArrayNode answers = (ArrayNode) q.get("answers");
            if (answers.size() != 2) {
                continue;
            }
            String question = q.get("question").asText();
            String section = Examples.template().question(question).orElseThrow().section();
            ObjectNode wrong = (ObjectNode) answers.get(0);
            ObjectNode right = (ObjectNode) answers.get(1);
            OffsetDateTime t0 = OffsetDateTime.parse(wrong.get("at").asText());
            answers.removeAll();
            for (int i = 0; i < 3; i++) {
                ObjectNode a = answers.addObject().put("option", wrong.get("option").asText())
                        .put("at", t0.plusSeconds(10L * i).toString()).put("correct", false);
                if (i == 2) {
                    ObjectNode by = (ObjectNode) json.get("confirmedBy");
                    a.putObject("explainedAgain").put("section", section).put("account", by.get("account").asText())
                            .put("name", by.get("name").asText()).put("licenceNumber",
                                    by.get("licenceNumber").asText()).put("at", t0.plusSeconds(30).toString());
                }
                a.put("acknowledgedAgain", t0.plusSeconds(10L * i + (i == 2 ? 22 : 5)).toString());
            }
            answers.add(right);
            acknowledgeOtherWrongAnswersAgain(json, question);
            return json;
        }
        throw new AssertionError(name + " has no question answered wrongly once");
    }

    /**
     * A session that keeps second readings follows the whole rule (rule C5): every other wrong answer answered again
     * gets its section acknowledged again halfway to the next attempt.
     */
    private static void acknowledgeOtherWrongAnswersAgain(ObjectNode json, String done) {
        for (var q : json.withArray("quiz")) {
            String question = q.get("question").asText();
            if (question.equals(done)) {
                continue;
            }
            String correct = Examples.template().question(question).orElseThrow().correct();
            ArrayNode answers = (ArrayNode) q.get("answers");
            for (int i = 0; i + 1 < answers.size(); i++) {
                ObjectNode a = (ObjectNode) answers.get(i);
                if (!correct.equals(a.get("option").asText())) {
                    OffsetDateTime at = OffsetDateTime.parse(a.get("at").asText());
                    OffsetDateTime next = OffsetDateTime.parse(answers.get(i + 1).get("at").asText());
                    a.put("acknowledgedAgain", at.plus(java.time.Duration.between(at, next).dividedBy(2)).toString());
                }
            }
        }
    }
}
