//! ```quiz blocks: a knowledge check with answers, feedback and an explanation.
//!
//! Owns: the quiz YAML (question, multiple, answers, explanation), its rules and errors at their
//! lines, the answer order, and the view `partials/quiz.html` gets; that partial holds the HTML
//! contract `static/js/quiz.js` and the stylesheet rely on.
//! Does not: grade answers (the browser does) or store progress (the progress module listens for
//! the `quiz:answered` event).
//!
//! Without JavaScript the question, its answers and a `<details class="quiz-answer">` with the
//! right answer(s), all feedback and the explanation work as plain HTML. `quiz.js` adds the class
//! `quiz-enhanced` to the form, un-hides `.quiz-actions` and grades on submit.

use serde::{Deserialize, Serialize};

use super::{BlockInput, BlockKind, RenderedBlock, SourceLines};
use crate::content::markdown::ids;
use crate::error::Error;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizSource {
    question: String,
    #[serde(default)]
    multiple: bool,
    answers: Vec<AnswerSource>,
    #[serde(default)]
    explanation: Option<String>,
    /// The answers are shown in a fixed shuffled order unless the quiz says `shuffle: false`
    /// (for answers that only make sense in their written order, such as "all of the above").
    #[serde(default = "yes")]
    shuffle: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnswerSource {
    text: String,
    correct: bool,
    feedback: String,
}

/// The most answers a knowledge check may have: more is no question a learner reads on a phone,
/// and a SCORM 1.2 learning platform names each answer with one letter (`leerpad package`).
pub const MAX_ANSWERS: usize = 26;

/// Renders a quiz block, or reports the first rule it breaks at the line of the offending value.
pub fn render(input: &BlockInput<'_>) -> Result<RenderedBlock, Error> {
    if input.source.trim().is_empty() {
        return Err(input.error(1, "the quiz is empty; add a question and answers"));
    }
    let quiz: QuizSource = crate::yaml::parse(input.source, input.path, input.line)?;
    validate(&quiz, input)?;
    let handout = match input.print {
        Some(_) => Some(
            input
                .templates
                .partial("quiz-handout", &handout_view(&quiz, input))?,
        ),
        None => None,
    };
    Ok(RenderedBlock {
        html: input.templates.partial("quiz", &view(&quiz, input))?,
        text: text(&quiz),
        handout,
    })
}

fn validate(quiz: &QuizSource, input: &BlockInput<'_>) -> Result<(), Error> {
    let lines = SourceLines::new(input.source);
    if quiz.question.trim().is_empty() {
        return Err(input.error(
            lines.key("question"),
            "the question is empty; write it after \"question:\"",
        ));
    }
    if quiz.answers.len() < 2 {
        return Err(input.error(
            lines.key("answers"),
            format!(
                "a quiz needs at least 2 answers, this one has {}",
                quiz.answers.len()
            ),
        ));
    }
    if quiz.answers.len() > MAX_ANSWERS {
        return Err(input.error(
            lines.item_key("answers", MAX_ANSWERS, "text"),
            format!(
                "a quiz may have at most {MAX_ANSWERS} answers, this one has {}; keep the {MAX_ANSWERS} \
                 that matter most",
                quiz.answers.len()
            ),
        ));
    }
    if let Some(n) = quiz.answers.iter().position(|a| a.text.trim().is_empty()) {
        return Err(input.error(
            lines.item_key("answers", n, "text"),
            format!("answer {} has no text; write it after \"text:\"", n + 1),
        ));
    }
    let correct: Vec<usize> = (0..quiz.answers.len())
        .filter(|&n| quiz.answers[n].correct)
        .collect();
    match correct.as_slice() {
        [] => Err(input.error(
            lines.key("answers"),
            "no answer is marked \"correct: true\"; mark the right answer(s)",
        )),
        [_, second, ..] if !quiz.multiple => {
            let mut numbers: Vec<String> = correct.iter().map(|n| (n + 1).to_string()).collect();
            let last = numbers.pop().unwrap_or_default();
            let all = if numbers.len() == 1 { "both" } else { "all" };
            Err(input.error(
                lines.item_key("answers", *second, "correct"),
                format!(
                    "answers {} and {last} are {all} marked \"correct: true\" but only one answer \
                     may be right; mark one, or add \"multiple: true\" when more than one is right",
                    numbers.join(", ")
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// What `partials/quiz.html` gets: the checked quiz, answers in the order shown.
#[derive(Serialize)]
struct QuizView<'a> {
    /// The quiz's id, `quiz-N`: its answers' group name, and the form's id on its page.
    id: String,
    /// The form's id where it is shown: the id, prefixed on a print page.
    anchor: String,
    /// The page's id and the quiz's, the key its progress is stored under.
    key: String,
    multiple: bool,
    question: &'a str,
    answers: Vec<AnswerView<'a>>,
    /// Empty when the quiz has none.
    explanation: &'a str,
    /// On a print page the answers are shown open.
    print: bool,
}

#[derive(Serialize)]
struct AnswerView<'a> {
    text: &'a str,
    correct: bool,
    feedback: &'a str,
}

fn view<'a>(quiz: &'a QuizSource, input: &BlockInput<'_>) -> QuizView<'a> {
    let id = ids::block(BlockKind::Quiz, input.index).unwrap_or_default();
    let anchor = input
        .print
        .map_or_else(|| id.clone(), |prefix| ids::printed(prefix, &id));
    QuizView {
        anchor,
        key: format!("{}#{id}", input.page_id),
        id,
        multiple: quiz.multiple,
        question: quiz.question.trim(),
        answers: answer_order(quiz, input)
            .into_iter()
            .map(|n| {
                let answer = &quiz.answers[n];
                AnswerView {
                    text: answer.text.trim(),
                    correct: answer.correct,
                    feedback: answer.feedback.trim(),
                }
            })
            .collect(),
        explanation: quiz.explanation.as_deref().map_or("", str::trim),
        print: input.print.is_some(),
    }
}

/// What `partials/quiz-handout.html` gets: the question and its answers in the order shown,
/// and nothing that tells which is right (no mark, no feedback, no explanation), so no theme
/// can print an answer on the learner handout.
#[derive(Serialize)]
struct HandoutView<'a> {
    multiple: bool,
    question: &'a str,
    options: Vec<&'a str>,
}

fn handout_view<'a>(quiz: &'a QuizSource, input: &BlockInput<'_>) -> HandoutView<'a> {
    HandoutView {
        multiple: quiz.multiple,
        question: quiz.question.trim(),
        options: answer_order(quiz, input)
            .into_iter()
            .map(|n| quiz.answers[n].text.trim())
            .collect(),
    }
}

/// The order in which the answers are shown: as written when the quiz opts out, else a
/// Fisher–Yates shuffle keyed by the page, the quiz's place on it and its question, so the
/// same input always gives the same order and the right answer does not sit where the author
/// happened to write it. Each swap draws from the crate's one digest (XXH3, stable across
/// releases, unlike std's hasher) of that key, seeded with the step.
fn answer_order(quiz: &QuizSource, input: &BlockInput<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..quiz.answers.len()).collect();
    if !quiz.shuffle {
        return order;
    }
    let key = format!("{}#{}#{}", input.page_id, input.index, quiz.question.trim());
    for i in (1..order.len()).rev() {
        let draw = xxhash_rust::xxh3::xxh3_64_with_seed(key.as_bytes(), i as u64);
        let j = (draw % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

fn text(quiz: &QuizSource) -> String {
    let mut parts = vec![quiz.question.trim()];
    parts.extend(quiz.answers.iter().map(|a| a.text.trim()));
    parts.extend(quiz.explanation.as_deref().map(str::trim));
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::theme::Templates;

    const GOOD: &str = "\
question: Wat doe je als eerste?
multiple: false
answers:
  - text: Ik bel de politie.
    correct: false
    feedback: Alleen bij acuut gevaar.
  - text: Ik overleg met een collega.
    correct: true
    feedback: Juist, samen zie je meer.
explanation: Overleg helpt.
";

    /// Renders `source` as the second quiz on a page whose block starts on line 10.
    fn run(source: &str) -> Result<RenderedBlock, Error> {
        render(&BlockInput {
            source,
            path: Path::new("content/les.md"),
            line: 10,
            index: 1,
            page_id: "modules/a/b",
            templates: Templates::bundled(),
            print: None,
        })
    }

    fn error(source: &str) -> String {
        match run(source) {
            Ok(_) => panic!("expected an error for:\n{source}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_good_quiz_renders_an_accessible_form() {
        let block =
            run(&GOOD.replace("multiple: false", "multiple: false\nshuffle: false")).unwrap();
        let html = &block.html;
        assert!(html.starts_with(
            "<form class=\"quiz\" id=\"quiz-2\" data-quiz data-quiz-key=\"modules/a/b#quiz-2\""
        ));
        assert!(html.contains("<legend><span class=\"quiz-label\">Kennischeck</span> <span class=\"quiz-question\">Wat doe je als eerste?</span></legend>"));
        assert_eq!(
            html.matches("<input type=\"radio\" name=\"quiz-2\"")
                .count(),
            2
        );
        assert!(html.contains("value=\"2\"> <span>Ik overleg met een collega.</span></label>"));
        assert!(html.contains("<p class=\"quiz-feedback\" data-correct=\"true\" hidden><strong class=\"quiz-verdict\">Juist</strong>: <span class=\"quiz-feedback-text\">Juist, samen zie je meer.</span></p>"));
        assert!(html.contains("<button type=\"submit\" class=\"quiz-check\">Controleer</button>"));
        assert!(
            html.contains("<button type=\"reset\" class=\"quiz-retry\">Probeer opnieuw</button>")
        );
        assert!(html.contains("<p class=\"quiz-result\" role=\"status\" aria-live=\"polite\"></p>"));
        assert!(
            html.contains("<details class=\"quiz-answer\">\n<summary>Toon het antwoord</summary>")
        );
        assert!(html.contains("<li data-correct=\"false\"><p><strong class=\"quiz-verdict\">Niet juist</strong>: Ik bel de politie.</p>\n<p class=\"quiz-answer-feedback\">Alleen bij acuut gevaar.</p></li>"));
        assert!(html.contains(
            "<p class=\"quiz-answer-explanation\"><strong>Uitleg:</strong> Overleg helpt.</p>"
        ));
        assert!(html.ends_with("</details>\n</form>\n"));
        assert_eq!(
            block.text,
            "Wat doe je als eerste?\nIk bel de politie.\nIk overleg met een collega.\nOverleg helpt."
        );
    }

    /// The answer texts of `source` in the order the page shows them.
    fn shown_order(source: &str, page_id: &str, index: usize) -> Vec<String> {
        let html = render(&BlockInput {
            source,
            path: Path::new("content/les.md"),
            line: 10,
            index,
            page_id,
            templates: Templates::bundled(),
            print: None,
        })
        .unwrap()
        .html;
        html.split("<span>")
            .skip(1)
            .map(|part| part.split("</span>").next().unwrap_or("").to_string())
            .collect()
    }

    const FOUR: &str = "question: Welke?\nanswers:\n  - text: A\n    correct: true\n    feedback: F\n  \
                        - text: B\n    correct: false\n    feedback: F\n  - text: C\n    correct: false\n    \
                        feedback: F\n  - text: D\n    correct: false\n    feedback: F\n";

    #[test]
    fn answers_are_shuffled_the_same_way_on_every_build() {
        let first = shown_order(FOUR, "modules/a/b", 0);
        assert_eq!(
            first,
            shown_order(FOUR, "modules/a/b", 0),
            "same input, same order"
        );
        let mut sorted = first.clone();
        sorted.sort();
        assert_eq!(sorted, ["A", "B", "C", "D"], "every answer once");
        // The answer list in <details> follows the shown order.
        let html = run(FOUR).unwrap().html;
        let shown: Vec<&str> = html
            .split("</strong>: ")
            .skip(1)
            .filter_map(|p| p.split("</p>").next())
            .filter(|t| t.len() == 1)
            .collect();
        assert_eq!(shown, shown_order(FOUR, "modules/a/b", 1));
    }

    #[test]
    fn the_right_answer_lands_in_every_position_across_quizzes() {
        let mut positions = [0usize; 4];
        for index in 0..40 {
            let order = shown_order(FOUR, "modules/a/b", index);
            positions[order.iter().position(|t| t == "A").unwrap()] += 1;
        }
        assert!(positions.iter().all(|&n| n >= 4), "{positions:?}");
    }

    #[test]
    fn shuffle_false_keeps_the_written_order() {
        let source = FOUR.replace("question: Welke?", "question: Welke?\nshuffle: false");
        for index in 0..10 {
            assert_eq!(
                shown_order(&source, "modules/a/b", index),
                ["A", "B", "C", "D"]
            );
        }
    }

    #[test]
    fn multiple_choice_uses_checkboxes_and_allows_several_right_answers() {
        let source = GOOD
            .replace("multiple: false", "multiple: true")
            .replace("correct: false", "correct: true");
        let html = run(&source).unwrap().html;
        assert_eq!(html.matches("type=\"checkbox\"").count(), 2);
        assert!(html.contains(
            "<span class=\"quiz-hint\">Er kunnen meerdere antwoorden juist zijn.</span>"
        ));
    }

    #[test]
    fn single_choice_with_two_right_answers_errors_at_the_second() {
        let source = GOOD.replace("correct: false", "correct: true");
        assert_eq!(
            error(&source),
            "content/les.md:17: answers 1 and 2 are both marked \"correct: true\" but only one \
             answer may be right; mark one, or add \"multiple: true\" when more than one is right"
        );
    }

    #[test]
    fn no_right_answer_errors_at_the_answers() {
        let source = GOOD.replace("correct: true", "correct: false");
        assert_eq!(
            error(&source),
            "content/les.md:12: no answer is marked \"correct: true\"; mark the right answer(s)"
        );
    }

    #[test]
    fn a_missing_question_errors_at_the_block_line() {
        let source = GOOD.replace("question: Wat doe je als eerste?\n", "");
        assert_eq!(
            error(&source),
            "content/les.md:10:1: missing field \"question\"; add it"
        );
    }

    #[test]
    fn an_unknown_field_names_the_allowed_ones_at_its_line() {
        let source = GOOD.replace("    feedback: Alleen", "    feedbak: Alleen");
        assert_eq!(
            error(&source),
            "content/les.md:15:5: answers[0]: unknown field \"feedbak\", expected one of: text, correct, feedback"
        );
    }

    #[test]
    fn malformed_yaml_errors_at_the_line_in_the_markdown_file() {
        let source = GOOD.replace("  - text: Ik overleg", "  - text: Ik overleg: nu");
        assert!(
            error(&source).starts_with("content/les.md:16:"),
            "{}",
            error(&source)
        );
    }

    #[test]
    fn more_answers_than_the_bound_are_reported_at_the_first_one_too_many() {
        let answers = |n: usize| -> String {
            (0..n)
                .map(|i| format!("  - text: A{i}\n    correct: {}\n    feedback: F\n", i == 0))
                .collect()
        };
        let quiz = |n| format!("question: Q\nanswers:\n{}", answers(n));
        assert_eq!(
            error(&quiz(MAX_ANSWERS + 1)),
            "content/les.md:90: a quiz may have at most 26 answers, this one has 27; keep the 26 \
             that matter most"
        );
        let fits = quiz(MAX_ANSWERS);
        assert!(run(&fits).is_ok());
    }

    #[test]
    fn too_few_answers_and_empty_blocks_are_reported() {
        let one = "question: Q\nanswers:\n  - text: A\n    correct: true\n    feedback: F\n";
        assert_eq!(
            error(one),
            "content/les.md:11: a quiz needs at least 2 answers, this one has 1"
        );
        assert_eq!(
            error("  \n"),
            "content/les.md:10: the quiz is empty; add a question and answers"
        );
    }

    #[test]
    fn question_feedback_and_answers_are_escaped() {
        let source = GOOD
            .replace("Wat doe je als eerste?", "<script>alert(1)</script>")
            .replace("Ik bel de politie.", "Ik bel <b>\"de\"</b> mama's")
            .replace("Juist, samen", "<img src=x onerror=alert(1)>");
        let html = run(&source).unwrap().html;
        assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        // The theme's escaping is the one the rest of leerpad uses: `'` too, as `&#39;`.
        assert!(html.contains("Ik bel &lt;b&gt;&quot;de&quot;&lt;/b&gt; mama&#39;s"));
    }

    /// The `GOOD` check rendered as the first block of a lesson, for its page or, with a print
    /// prefix, for the print pages.
    fn good_block(print: Option<&str>) -> RenderedBlock {
        render(&BlockInput {
            source: GOOD,
            path: Path::new("content/les.md"),
            line: 10,
            index: 0,
            page_id: "modules/a/b",
            templates: Templates::bundled(),
            print,
        })
        .unwrap()
    }

    #[test]
    fn on_a_print_page_the_answers_are_shown_open() {
        let html = |print| good_block(print).html;
        let printed = html(Some("les-x"));
        assert!(printed.contains("<details class=\"quiz-answer\" open>\n<summary>"));
        assert!(printed.contains("<form class=\"quiz\" id=\"les-x--quiz-1\""));
        assert!(
            printed.contains("name=\"quiz-1\""),
            "the answers' group keeps the plain id"
        );
        let shown = html(None);
        assert!(shown.contains("<details class=\"quiz-answer\">\n<summary>"));
        assert!(shown.contains("<form class=\"quiz\" id=\"quiz-1\""));
    }

    #[test]
    fn the_handout_form_has_the_question_and_every_answer_and_nothing_of_the_key() {
        let block = good_block;
        assert_eq!(
            block(None).handout,
            None,
            "a page of its own has no handout"
        );
        let handout = block(Some("les-x")).handout.unwrap();
        for shown in [
            "Wat doe je als eerste?",
            "Ik bel de politie.",
            "Ik overleg met een collega.",
        ] {
            assert!(handout.contains(shown), "{shown} in {handout}");
        }
        for hidden in [
            "correct",
            "Juist",
            "Alleen bij acuut gevaar.",
            "samen zie je meer",
            "Overleg helpt.",
            "<input",
            "<form",
        ] {
            assert!(!handout.contains(hidden), "{hidden} in {handout}");
        }
    }

    /// The whole form, byte for byte: the partial writes what the format! strings wrote.
    #[test]
    fn the_partial_writes_the_whole_form() {
        let source = "question: Q?\nshuffle: false\nanswers:\n  - text: A\n    correct: true\n    \
                      feedback: FA\n  - text: B\n    correct: false\n    feedback: FB\n";
        let html = |source: &str| {
            render(&BlockInput {
                source,
                path: Path::new("content/les.md"),
                line: 1,
                index: 0,
                page_id: "p",
                templates: Templates::bundled(),
                print: None,
            })
            .unwrap()
            .html
        };
        assert_eq!(
            html(&format!("{source}explanation: E\n")),
            "<form class=\"quiz\" id=\"quiz-1\" data-quiz data-quiz-key=\"p#quiz-1\" \
             data-text-correct=\"Juist\" data-text-wrong=\"Niet juist\" data-text-choose=\"Kies \
             eerst een antwoord.\" data-text-missed=\"Je hebt nog niet alle juiste antwoorden \
             gekozen.\">\n<fieldset>\n<legend><span class=\"quiz-label\">Kennischeck</span> \
             <span class=\"quiz-question\">Q?</span></legend>\n\
             <div class=\"quiz-option\">\n<label class=\"quiz-choice\"><input type=\"radio\" \
             name=\"quiz-1\" value=\"1\"> <span>A</span></label>\n<p class=\"quiz-feedback\" \
             data-correct=\"true\" hidden><strong class=\"quiz-verdict\">Juist</strong>: \
             <span class=\"quiz-feedback-text\">FA</span></p>\n</div>\n\
             <div class=\"quiz-option\">\n<label class=\"quiz-choice\"><input type=\"radio\" \
             name=\"quiz-1\" value=\"2\"> <span>B</span></label>\n<p class=\"quiz-feedback\" \
             data-correct=\"false\" hidden><strong class=\"quiz-verdict\">Niet juist</strong>: \
             <span class=\"quiz-feedback-text\">FB</span></p>\n</div>\n</fieldset>\n\
             <p class=\"quiz-explanation\" hidden><strong>Uitleg:</strong> E</p>\n\
             <div class=\"quiz-actions\" hidden>\n<button type=\"submit\" class=\"quiz-check\">\
             Controleer</button>\n<button type=\"reset\" class=\"quiz-retry\">Probeer opnieuw\
             </button>\n</div>\n<p class=\"quiz-result\" role=\"status\" aria-live=\"polite\"></p>\n\
             <details class=\"quiz-answer\">\n<summary>Toon het antwoord</summary>\n\
             <ul class=\"quiz-answer-list\">\n<li data-correct=\"true\"><p><strong \
             class=\"quiz-verdict\">Juist</strong>: A</p>\n<p class=\"quiz-answer-feedback\">FA\
             </p></li>\n<li data-correct=\"false\"><p><strong class=\"quiz-verdict\">Niet juist\
             </strong>: B</p>\n<p class=\"quiz-answer-feedback\">FB</p></li>\n</ul>\n\
             <p class=\"quiz-answer-explanation\"><strong>Uitleg:</strong> E</p>\n</details>\n\
             </form>\n"
        );
        let bare = html(source);
        assert!(bare.contains("</fieldset>\n<div class=\"quiz-actions\" hidden>\n"));
        assert!(bare.ends_with("</ul>\n</details>\n</form>\n"));
        assert!(!bare.contains("Uitleg"));
    }
}
