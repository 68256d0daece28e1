use super::layout::{Layout, Line};
use super::svg::num;
use super::*;
use crate::content::front_matter::StepKind::*;
use crate::steps::fixture::{plan, step};

const TEXT: FlowchartText = FlowchartText {
    title: "Schema",
    description: "Uitleg",
};

/// The step plan of content/stappen: the same slugs, labels and choices.
fn stappen() -> Vec<StepNode> {
    let mut steps = vec![
        step(
            1,
            "ga-in-gesprek",
            Start,
            &[
                (
                    "Klaar met het gesprek: maak een inschatting",
                    "maak-een-inschatting",
                ),
                ("Ja, er is nu acuut gevaar voor het kind", "acuut-gevaar"),
            ],
        ),
        step(
            2,
            "maak-een-inschatting",
            Step,
            &[
                ("Ja, er is acuut gevaar", "acuut-gevaar"),
                ("Nee, er is geen acuut gevaar", "ondersteun-de-ouder"),
            ],
        ),
        step(
            3,
            "ondersteun-de-ouder",
            Step,
            &[
                ("Ja, ik blijf me zorgen maken", "ga-na"),
                ("Nee, ik maak me geen zorgen (meer)", "blijf-alert"),
                ("Er is acuut gevaar", "acuut-gevaar"),
            ],
        ),
        step(
            4,
            "ga-na",
            Step,
            &[
                (
                    "Ja, het is verontrustend en de ouders willen meewerken",
                    "herstel-de-veiligheid",
                ),
                (
                    "Ja, het is verontrustend, maar de ouders willen niet meewerken",
                    "betrek-partners",
                ),
                ("Er is acuut gevaar", "acuut-gevaar"),
                ("Nee, het is niet (meer) verontrustend", "blijf-alert"),
            ],
        ),
        step(5, "herstel-de-veiligheid", End, &[]),
        step(6, "betrek-partners", End, &[]),
        step(
            7,
            "acuut-gevaar",
            Urgent,
            &[("De hulpdiensten zijn verwittigd", "betrek-parket-politie")],
        ),
        step(8, "betrek-parket-politie", End, &[]),
        step(9, "blijf-alert", End, &[]),
    ];
    let labels = [
        "In gesprek",
        "Inschatting",
        "Ondersteunen",
        "Ga na",
        "Veiligheid herstellen",
        "Partners betrekken",
        "Acuut gevaar",
        "Parket en politie",
        "Blijf alert",
    ];
    for (s, label) in steps.iter_mut().zip(labels) {
        s.label = label.to_string();
    }
    steps
}

/// Many edges in little room: every step has choices to steps far below, above and beside it,
/// with long labels, and three urgent routes.
fn dense() -> Vec<StepNode> {
    let long = "Ja, het is verontrustend, maar de ouders willen niet meewerken";
    vec![
        step(
            1,
            "a",
            Start,
            &[(long, "b"), ("Kort", "c"), ("Acuut gevaar", "u")],
        ),
        step(
            2,
            "b",
            Step,
            &[("Verder naar d", "d"), (long, "e"), ("Terug", "a")],
        ),
        step(
            3,
            "c",
            Step,
            &[("Naar e", "e"), ("Nu acuut gevaar", "u"), ("Zelf", "c")],
        ),
        step(
            4,
            "d",
            Step,
            &[(long, "f"), ("Acuut", "u"), ("Naar g", "g")],
        ),
        step(5, "e", Step, &[("Naar f", "f"), ("Terug naar b", "b")]),
        step(6, "u", Urgent, &[("De hulpdiensten zijn verwittigd", "g")]),
        step(7, "f", End, &[]),
        step(8, "g", End, &[]),
    ]
}

fn graphs() -> Vec<(&'static str, Vec<StepNode>)> {
    vec![("stappen", stappen()), ("plan", plan()), ("dense", dense())]
}

fn layout_of(steps: &[StepNode]) -> Layout {
    Layout::new(&crate::steps::graph::Graph::new(steps))
}

#[test]
fn every_step_is_a_link_with_a_name() {
    let steps = plan();
    let svg = flowchart_svg(&steps, "../", &TEXT);
    for step in &steps {
        let link = format!(
            "<a href=\"../stappen/{}/index.html\" class=\"node",
            step.slug
        );
        assert_eq!(svg.matches(&link).count(), 1, "{link}");
    }
    assert!(svg.contains("<title>Stap bel-112: Titel van bel-112 (dringend)</title>"));
    assert_eq!(svg.matches("<a ").count(), steps.len());
}

#[test]
fn every_choice_is_an_edge_with_its_label() {
    let steps = plan();
    let svg = flowchart_svg(&steps, "/", &TEXT);
    let choices: usize = steps.iter().map(|s| s.choices.len()).sum();
    assert_eq!(svg.matches("<path class=\"edge").count(), choices);
    assert_eq!(svg.matches("<text class=\"edge-label\"").count(), choices);
    for label in ["Melden", "Acuut gevaar", "Ouders weigeren"] {
        assert!(svg.contains(&format!(">{label}</tspan>")), "{label}");
    }
    assert!(svg.contains(">Na het</tspan><tspan x="), "wrapped label");
}

#[test]
fn edges_to_one_step_beside_the_rows_share_a_trunk_with_one_arrowhead() {
    let steps = stappen();
    let svg = flowchart_svg(&steps, "/", &TEXT);
    let choices: usize = steps.iter().map(|s| s.choices.len()).sum();
    assert_eq!(svg.matches("<path class=\"edge").count(), choices);
    // Four urgent edges, one trunk, one arrowhead into "Acuut gevaar".
    assert_eq!(svg.matches("<path class=\"edge edge-urgent\"").count(), 4);
    assert_eq!(svg.matches("url(#flowchart-arrow-urgent)").count(), 1);
    // The urgent trunk is one lane: every urgent edge turns down at the same x.
    let layout = layout_of(&steps);
    let lanes: Vec<f64> = layout
        .edges
        .iter()
        .filter(|s| s.urgent)
        .map(|s| match &s.line {
            Line::Bends(points) => points[1].0,
            Line::Curve(_) => panic!("urgent edge drawn as a curve"),
        })
        .collect();
    assert_eq!(lanes.len(), 4);
    assert!(lanes.iter().all(|&x| x == lanes[0]), "{lanes:?}");
}

#[test]
fn urgent_steps_and_their_edges_stand_out_without_colour() {
    let svg = flowchart_svg(&plan(), "/", &TEXT);
    assert_eq!(svg.matches("class=\"node node-urgent\"").count(), 1);
    assert_eq!(svg.matches("<path class=\"edge edge-urgent\"").count(), 1);
    assert_eq!(svg.matches("class=\"node node-end\"").count(), 2);
    assert_eq!(svg.matches("class=\"node node-start\"").count(), 1);
    assert_eq!(svg.matches("stroke-dasharray=\"8 4\"").count(), 2);
    assert!(svg.contains(">!</text>"));
}

#[test]
fn the_root_element_is_accessible_and_needs_no_inline_style() {
    let svg = flowchart_svg(&plan(), "/", &TEXT);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "));
    assert!(svg.contains(
        "width=\"100%\" class=\"flowchart\" role=\"group\" \
         aria-labelledby=\"flowchart-svg-title\""
    ));
    assert!(svg.contains("<title id=\"flowchart-svg-title\">"));
    assert!(!svg.contains("style="));
    assert!(!svg.contains("xlink"));
    assert!(svg.ends_with("</svg>\n"));
}

#[test]
fn the_same_steps_give_the_same_bytes() {
    for (_, steps) in graphs() {
        assert_eq!(
            flowchart_svg(&steps, "/", &TEXT),
            flowchart_svg(&steps, "/", &TEXT)
        );
    }
}

#[test]
fn text_and_links_are_escaped() {
    let mut steps = vec![
        step(1, "a", Start, &[("<b>\"x\"", "b")]),
        step(2, "b", End, &[]),
    ];
    steps[0].label = "Kind & <ouder>".to_string();
    let svg = flowchart_svg(&steps, "/?a=1&b=\"", &TEXT);
    assert!(svg.contains(">Kind &amp; &lt;ouder&gt;</tspan>"));
    assert!(svg.contains(">&lt;b&gt;&quot;x&quot;</tspan>"));
    assert!(svg.contains("href=\"/?a=1&amp;b=&quot;stappen/a/index.html\""));
    assert!(!svg.contains("<b>"));
}

/// Regression: on the real plan "…en de ouders willen meewerken" covered "Er is acuut
/// gevaar", and labels hid other edges' lines.
#[test]
fn labels_overlap_no_label_box_or_other_edge_and_stay_inside() {
    for (name, steps) in graphs() {
        let layout = layout_of(&steps);
        for (i, shape) in layout.edges.iter().enumerate() {
            let label = shape.label_box;
            assert!(
                label.x >= 0.0 && label.x + label.w <= layout.width,
                "{name}: {:?} {label:?}",
                shape.label
            );
            assert!(
                label.y >= 0.0 && label.y + label.h <= layout.height,
                "{name}: {:?} {label:?}",
                shape.label
            );
            for node in &layout.boxes {
                assert_eq!(node.overlap(&label), 0.0, "{name}: {:?}", shape.label);
            }
            for (j, other) in layout.edges.iter().enumerate().filter(|&(j, _)| j != i) {
                let what = format!("{name}: {:?} and {:?}", shape.label, other.label);
                if j > i {
                    assert_eq!(label.overlap(&other.label_box), 0.0, "{what}");
                }
                for line in &other.trace {
                    assert_eq!(label.overlap(line), 0.0, "{what}'s line");
                }
            }
        }
        for (i, a) in layout.boxes.iter().enumerate() {
            for b in &layout.boxes[i + 1..] {
                assert_eq!(a.overlap(b), 0.0, "{name}");
            }
        }
    }
}

/// Regression: "…maar de ouders willen niet meewerken" stood under "Partners betrekken" and
/// "De hulpdiensten zijn verwittigd" under "Veiligheid herstellen", far from their edges.
/// (The dense graph only has to stay free of overlaps: some of its boxes have no room left
/// beside them.)
#[test]
fn each_label_sits_next_to_where_its_edge_leaves_its_box() {
    for (name, steps) in [("stappen", stappen()), ("plan", plan())] {
        let layout = layout_of(&steps);
        for shape in &layout.edges {
            let from = layout.boxes[shape.edge.from];
            let near_start = shape.label_box.distance_to(shape.start);
            assert!(
                near_start <= super::labels::NEAR,
                "{name}: {:?} {near_start}",
                shape.label
            );
            // Nearer its own box than any other box.
            let own = shape
                .label_box
                .distance_to((from.x + from.w / 2.0, from.y + from.h / 2.0));
            for (u, other) in layout.boxes.iter().enumerate() {
                let centre = (other.x + other.w / 2.0, other.y + other.h / 2.0);
                if u != shape.edge.from && u != shape.edge.to {
                    assert!(
                        shape.label_box.distance_to(centre) > own,
                        "{name}: {:?} is nearer {}",
                        shape.label,
                        steps[u].slug
                    );
                }
            }
        }
    }
}

#[test]
fn the_chart_fits_a_phone_and_an_a4_page() {
    let layout = layout_of(&stappen());
    // At most 32rem wide on screen: text of 13 units must stay above 10 px at 330 px.
    assert!(layout.width <= 400.0, "{}", layout.width);
    // Printed at most 22 cm high and 17 cm wide: keep the aspect ratio printable.
    assert!(layout.height / layout.width <= 2.6, "{}", layout.height);
}

#[test]
fn the_start_is_on_top_and_edges_down_run_downwards() {
    let steps = plan();
    let graph = crate::steps::graph::Graph::new(&steps);
    let layout = Layout::new(&graph);
    let top = |slug: &str| layout.boxes[graph.index_of(slug).unwrap()].y;
    assert!(top("zorg") < top("overleg"));
    assert!(top("overleg") < top("gesprek"));
    assert!(top("gesprek") < top("advies"));
    assert!(top("advies") < top("melden"));
}

#[test]
fn no_steps_give_an_empty_chart_with_a_positive_size() {
    let svg = flowchart_svg(&[], "/", &TEXT);
    assert!(svg.contains("viewBox=\"0 0 336 12\""), "{svg}");
    assert!(!svg.contains("<a "));
}

#[test]
fn broken_graphs_still_draw_every_step() {
    let cases = vec![
        vec![],
        vec![step(1, "a", Step, &[("x", "nope"), ("y", "a"), ("z", "a")])],
        vec![
            step(1, "a", Start, &[("1", "b")]),
            step(2, "b", Step, &[("2", "a")]),
            step(3, "c", Urgent, &[("3", "a"), ("4", "c")]),
            step(4, "c", End, &[]),
            step(5, "d", Start, &[]),
        ],
    ];
    for steps in cases {
        let svg = flowchart_svg(&steps, "", &TEXT);
        assert!(svg.ends_with("</svg>\n"));
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        for s in &steps {
            assert!(svg.contains(&format!("href=\"stappen/{}/index.html\"", s.slug)));
        }
    }
}

#[test]
fn wrap_breaks_at_words_and_cuts_long_words() {
    assert_eq!(
        wrap("Ga in gesprek met de ouders", 18),
        ["Ga in gesprek met", "de ouders"]
    );
    assert_eq!(
        wrap("Kindermishandeling!!", 18),
        ["Kindermishandeling", "!!"]
    );
    assert_eq!(wrap("", 18), [""]);
    assert_eq!(wrap("één twee", 3), ["één", "twe", "e"]);
}

#[test]
fn numbers_print_short() {
    assert_eq!(num(12.0), "12");
    assert_eq!(num(12.04), "12");
    assert_eq!(num(12.25), "12.3");
    assert_eq!(num(-0.01), "0");
}

#[test]
fn the_title_and_description_are_the_themes_escaped() {
    let text = FlowchartText {
        title: "Plan <A> & B",
        description: "Elke \"stap\"",
    };
    let svg = flowchart_svg(&plan(), "/", &text);
    assert!(svg.contains("<title id=\"flowchart-svg-title\">Plan &lt;A&gt; &amp; B</title>"));
    assert!(svg.contains("<desc id=\"flowchart-desc\">Elke &quot;stap&quot;</desc>"));
}
