//! A module's two print versions (issue 17): the learner handout (`modules/SLUG/print/`), which
//! holds no answer in its HTML at all, and the trainer version (`modules/SLUG/trainer/`), which
//! holds every answer with its explanation, the trainer notes, the prompts and the timing.

use crate::fixture::Fixture;

const MODULE: &str = "---\ntitle: Module M\nsummary: Over M.\n---\nDe intro.\n";

/// A lesson with a single and a multiple choice check, a table, a chart, a check inside a
/// trainer note, a plain discussion prompt and one that links to a heading of the lesson.
const LESSON: &str = r#"---
title: Eerste les
summary: KERN-VAN-DE-LES.
minutes: 4
---
## Begin

Tekst van de les.

| Wie | Wat |
| --- | --- |
| TABEL-CEL | x |

```chart
title: Een grafiek
unit: keer
labels: ["2018", "2019"]
series:
  - name: Reeks
    values: [1, 2]
```

## Verder

```quiz
question: VRAAG-EEN?
answers:
  - text: OPTIE-JUIST
    correct: true
    feedback: FEEDBACK-JUIST
  - text: OPTIE-FOUT
    correct: false
    feedback: FEEDBACK-FOUT
explanation: UITLEG-EEN
```

```quiz
question: VRAAG-TWEE?
multiple: true
answers:
  - text: KEUZE-A
    correct: true
    feedback: FEEDBACK-A
  - text: KEUZE-B
    correct: true
    feedback: FEEDBACK-B
  - text: KEUZE-C
    correct: false
    feedback: FEEDBACK-C
```

```bespreek
BESPREEK-GEWOON
```

```bespreek
BESPREEK-MET-LINK, zie [begin](#begin).
```

````trainer
TRAINER-NOTITIE

```quiz
question: TRAINERVRAAG?
answers:
  - text: T-JUIST
    correct: true
    feedback: T-FEEDBACK
  - text: T-FOUT
    correct: false
    feedback: T-NEE
```
````
"#;

fn site() -> Fixture {
    Fixture::new()
        .file("content/modules/01-m/_module.md", MODULE)
        .file("content/modules/01-m/01-eerste.md", LESSON)
        .file(
            "content/modules/01-m/02-tweede.md",
            "---\ntitle: Tweede les\nminutes: 3\n---\n## Slot\n\nTekst.\n",
        )
}

#[test]
fn the_learner_handout_holds_the_checks_and_key_points_and_no_answer() {
    let site = site();
    site.build().success();
    let handout = site.read("modules/m/print/index.html");
    for shown in [
        "KERN-VAN-DE-LES.",
        "Begin · Verder",
        "VRAAG-EEN?",
        "OPTIE-JUIST",
        "OPTIE-FOUT",
        "VRAAG-TWEE?",
        "KEUZE-A",
        "KEUZE-C",
        "<ul class=\"handout-options handout-multiple\">",
        "Waarom? Schrijf het hier:",
        "BESPREEK-GEWOON",
        "<h2 id=\"les-eerste\">1. Eerste les",
        "<h2 id=\"les-tweede\">2. Tweede les",
    ] {
        assert!(handout.contains(shown), "{shown} missing from {handout}");
    }
    for hidden in [
        "FEEDBACK-",
        "UITLEG-EEN",
        "data-correct",
        "quiz-answer",
        "Juist",
        "TRAINER-NOTITIE",
        "TRAINERVRAAG",
        "T-JUIST",
        "trainer-note",
        // A prompt that links to a heading the handout does not have stays on the trainer's.
        "BESPREEK-MET-LINK",
        // The lesson's text, table and chart are the lesson's and the trainer version's.
        "Tekst van de les.",
        "TABEL-CEL",
        "<svg",
    ] {
        assert!(
            !handout.contains(hidden),
            "{hidden} in the handout:\n{handout}"
        );
    }
}

#[test]
fn the_trainer_version_holds_every_answer_the_notes_the_prompts_and_the_timing() {
    let site = site();
    site.build().success();
    let trainer = site.read("modules/m/trainer/index.html");
    for shown in [
        "FEEDBACK-JUIST",
        "FEEDBACK-FOUT",
        "UITLEG-EEN",
        "FEEDBACK-A",
        "FEEDBACK-B",
        "FEEDBACK-C",
        "TRAINER-NOTITIE",
        "T-FEEDBACK",
        "BESPREEK-GEWOON",
        "BESPREEK-MET-LINK, zie <a href=\"#les-eerste--begin\">begin</a>.",
        "TABEL-CEL",
        "<details class=\"quiz-answer\" open>",
        // The timing: each lesson's start, minutes and checks (the trainer's own one too, as
        // this version prints it), and the module's total.
        "<tr><th scope=\"row\"><a href=\"#les-eerste\">Eerste les</a></th><td>0</td><td>4</td><td>3</td></tr>",
        "<tr><th scope=\"row\"><a href=\"#les-tweede\">Tweede les</a></th><td>4</td><td>3</td><td>0</td></tr>",
        "<tfoot><tr><th scope=\"row\">Totaal</th><td></td><td>7</td><td>3</td></tr></tfoot>",
    ] {
        assert!(trainer.contains(shown), "{shown} missing from {trainer}");
    }
}

#[test]
fn the_module_page_links_to_both_versions_by_name() {
    let site = site();
    site.build().success();
    let module = site.read("modules/m/index.html");
    assert!(module.contains(
        "<li><a href=\"print/index.html\">Hand-out voor deelnemers (zonder antwoorden)</a></li>"
    ));
    assert!(module.contains(
        "<li><a href=\"trainer/index.html\">Versie voor de trainer (met antwoorden, notities en timing)</a></li>"
    ));
}

#[test]
fn a_lesson_may_not_take_the_name_of_the_trainer_version() {
    let site = Fixture::new()
        .file("content/modules/01-m/_module.md", MODULE)
        .file(
            "content/modules/01-m/01-trainer.md",
            "---\ntitle: T\n---\nTekst.\n",
        );
    assert_eq!(
        site.check().errors(),
        ["content/modules/01-m/01-trainer.md: the name \"trainer\" is used by leerpad itself; rename the file"]
    );
}

#[test]
fn the_trainer_version_takes_its_folder_name_from_the_interface_strings() {
    let site = site().file("i18n/nl.yaml", "url_trainer: voor-trainers\n");
    site.build().success();
    assert!(site
        .out()
        .join("modules/m/voor-trainers/index.html")
        .is_file());
    assert!(!site.out().join("modules/m/trainer").exists());
    assert!(site
        .read("modules/m/index.html")
        .contains("<a href=\"voor-trainers/index.html\">"));
    let lesson = site.file(
        "content/modules/01-m/03-voor-trainers.md",
        "---\ntitle: V\n---\nTekst.\n",
    );
    assert_eq!(
        lesson.check().errors(),
        ["content/modules/01-m/03-voor-trainers.md: the name \"voor-trainers\" is used by leerpad itself; rename the file"]
    );
}

#[test]
fn the_two_print_versions_may_not_share_a_folder() {
    let site = site().file("i18n/nl.yaml", "url_trainer: print\n");
    assert_eq!(
        site.check().errors(),
        ["i18n/nl.yaml: \"url_print\" and \"url_trainer\" are both \"print\"; give each print version its own folder"]
    );
}
