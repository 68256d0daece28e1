//! The bundled step plan, as built: every route of the Kindreflex card can be clicked through.
//!
//! Reads the choices from the built step pages (`a.choice` links), so a test fails when a route
//! disappears from the content, whatever the graph validation allows.

use std::collections::BTreeMap;

use crate::fixture::bundled_site;

/// slug → (kind class, [(choice label, target slug)]).
type Plan = BTreeMap<String, (String, Vec<(String, String)>)>;

/// slug → (kind class, [(choice label, target slug)]) from the built pages.
fn plan() -> Plan {
    let dir = bundled_site().join("stappen");
    let mut plan = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).expect("stappen folder") {
        let entry = entry.expect("entry");
        if !entry.file_type().expect("type").is_dir() {
            continue;
        }
        let slug = entry.file_name().to_string_lossy().into_owned();
        let html = std::fs::read_to_string(entry.path().join("index.html")).expect("step page");
        let kind = html
            .split("class=\"step step-")
            .nth(1)
            .and_then(|rest| rest.split(['"', ' ']).next())
            .unwrap_or("")
            .to_string();
        let choices = html
            .split("<a class=\"choice")
            .skip(1)
            .map(|part| {
                let to = part
                    .split("data-to=\"")
                    .nth(1)
                    .and_then(|r| r.split('"').next())
                    .unwrap_or("")
                    .to_string();
                let label = part
                    .split_once('>')
                    .map(|(_, r)| r.split('<').next().unwrap_or(""))
                    .unwrap_or("")
                    .trim()
                    .to_string();
                (label, to)
            })
            .collect();
        plan.insert(slug, (kind, choices));
    }
    plan
}

/// Follows `labels` from `from`, each a part of a choice's label; returns the slugs visited.
fn walk(plan: &Plan, from: &str, labels: &[&str]) -> Vec<String> {
    let mut at = from.to_string();
    let mut seen = vec![at.clone()];
    for label in labels {
        let (_, choices) = plan.get(&at).unwrap_or_else(|| panic!("no step {at}"));
        let (_, to) = choices
            .iter()
            .find(|(l, _)| l.contains(label))
            .unwrap_or_else(|| panic!("step {at} has no choice with \"{label}\": {choices:?}"));
        at = to.clone();
        seen.push(at.clone());
    }
    seen
}

fn start(plan: &Plan) -> String {
    let starts: Vec<&String> = plan
        .iter()
        .filter(|(_, (kind, _))| kind == "start")
        .map(|(slug, _)| slug)
        .collect();
    assert_eq!(starts.len(), 1, "one start step: {starts:?}");
    starts[0].clone()
}

#[test]
fn a_reader_who_is_worried_now_goes_from_the_start_straight_to_the_estimate() {
    let plan = plan();
    let route = walk(&plan, &start(&plan), &["Ik maak me nu zorgen"]);
    assert_eq!(
        route.last().map(String::as_str),
        Some("maak-een-inschatting")
    );
}

#[test]
fn the_routine_talk_with_every_parent_still_leads_through_steps_1_to_4() {
    let plan = plan();
    let route = walk(
        &plan,
        &start(&plan),
        &[
            "alle ouders",
            "Klaar met het gesprek",
            "geen acuut gevaar",
            "blijf me zorgen maken",
        ],
    );
    assert_eq!(
        route[1..],
        [
            "ga-in-gesprek",
            "maak-een-inschatting",
            "ondersteun-de-ouder",
            "ga-na"
        ]
    );
}

#[test]
fn cooperating_parents_can_still_lead_to_the_vk_when_it_is_too_heavy() {
    let plan = plan();
    let route = walk(&plan, "ga-na", &["willen meewerken", "te zwaar"]);
    assert_eq!(route[1..], ["herstel-de-veiligheid", "betrek-partners"]);
    let direct = walk(&plan, "ga-na", &["te zwaar voor ons"]);
    assert_eq!(direct.last().map(String::as_str), Some("betrek-partners"));
    let (_, choices) = &plan["herstel-de-veiligheid"];
    assert!(
        choices.iter().any(|(_, to)| to == "blijf-alert"),
        "when it is safe again: {choices:?}"
    );
}

#[test]
fn parents_who_do_not_cooperate_lead_to_partners_and_a_mandated_service() {
    let plan = plan();
    let route = walk(&plan, "ga-na", &["niet meewerken"]);
    assert_eq!(route.last().map(String::as_str), Some("betrek-partners"));
    assert_eq!(plan["betrek-partners"].0, "end");
}

#[test]
fn acute_danger_is_one_click_from_every_step_that_goes_on_and_leads_to_police_and_parket() {
    let plan = plan();
    for (slug, (kind, choices)) in &plan {
        if kind == "end" || slug == "acuut-gevaar" {
            continue;
        }
        assert!(
            choices.iter().any(|(_, to)| to == "acuut-gevaar"),
            "{slug} has no acute-danger choice: {choices:?}"
        );
    }
    assert_eq!(plan["acuut-gevaar"].0, "urgent");
    let route = walk(&plan, "acuut-gevaar", &["verwittigd"]);
    assert_eq!(
        route.last().map(String::as_str),
        Some("betrek-parket-politie")
    );
}

#[test]
fn no_worries_left_ends_in_staying_alert_from_every_decision() {
    let plan = plan();
    for (from, label) in [
        ("ondersteun-de-ouder", "geen zorgen"),
        ("ga-na", "niet (meer) verontrustend"),
        ("herstel-de-veiligheid", "weer veilig"),
    ] {
        let route = walk(&plan, from, &[label]);
        assert_eq!(
            route.last().map(String::as_str),
            Some("blijf-alert"),
            "{from}"
        );
    }
}

#[test]
fn step_files_do_not_each_repeat_the_kindreflex_note() {
    // The theme says once where the plan comes from; a copy per step file would drift.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/stappen");
    for entry in std::fs::read_dir(&dir).expect("content/stappen") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("step file");
        assert!(
            !text.contains("komt uit de Kindreflex"),
            "{} repeats the Kindreflex note",
            path.display()
        );
    }
}
