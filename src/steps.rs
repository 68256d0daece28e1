//! The step graph. (Interim: types and the missing-target check; the full validation and
//! the SVG flowchart land with the step-plan stage.)

use crate::content::front_matter::StepKind;
use crate::error::{Error, Location};

#[derive(Debug, Clone)]
pub struct StepNode {
    pub slug: String,
    pub title: String,
    pub label: String,
    pub kind: StepKind,
    pub url: String,
    pub at: Location,
    pub choices: Vec<ChoiceEdge>,
}

#[derive(Debug, Clone)]
pub struct ChoiceEdge {
    pub label: String,
    pub to: String,
    pub at: Location,
}

pub fn validate(steps: &[StepNode]) -> Vec<Error> {
    let mut errors = Vec::new();
    for step in steps {
        for choice in &step.choices {
            if !steps.iter().any(|s| s.slug == choice.to) {
                errors.push(Error::StepGraph {
                    at: choice.at.clone(),
                    message: format!(
                        "choice \"{}\" leads to \"{}\", which is not a step",
                        choice.label, choice.to
                    ),
                });
            }
        }
    }
    errors
}

pub fn flowchart_svg(_steps: &[StepNode], _root: &str) -> String {
    String::new()
}

pub fn outline_html(_steps: &[StepNode], _root: &str) -> String {
    String::new()
}
