//! The events a fragment is written as: for its own page and, when the page is also a part of
//! its module's print page, for that page too. One walk over the parsed events feeds both, so
//! the print page costs one more write of the HTML, not one more parse.
//!
//! Owns: keeping the two event lists in step (one event each per push) and writing them.
//! Does not: decide what differs between them (the render does).

use pulldown_cmark::{CowStr, Event};

pub(super) struct Outputs<'e> {
    page: Vec<Event<'e>>,
    print: Option<Vec<Event<'e>>>,
}

impl<'e> Outputs<'e> {
    pub fn new(capacity: usize, print: bool) -> Self {
        Outputs {
            page: Vec::with_capacity(capacity),
            print: print.then(|| Vec::with_capacity(capacity)),
        }
    }

    /// The same event on both pages.
    pub fn push(&mut self, event: Event<'e>) {
        if let Some(print) = &mut self.print {
            print.push(event.clone());
        }
        self.page.push(event);
    }

    /// An event that differs on the print page; `print` is called only when there is one.
    pub fn push_each(&mut self, page: Event<'e>, print: impl FnOnce() -> Event<'e>) {
        if let Some(events) = &mut self.print {
            events.push(print());
        }
        self.page.push(page);
    }

    /// Markup made for each page (`print` is `None` when there is no print page).
    pub fn push_html(&mut self, page: String, print: Option<String>) {
        self.push_each(Event::Html(CowStr::from(page)), || {
            Event::Html(CowStr::from(print.unwrap_or_default()))
        });
    }

    /// How many events there are so far (the same on both pages).
    pub fn len(&self) -> usize {
        self.page.len()
    }

    /// The HTML of the events from `start` on, taken out of both lists.
    pub fn drain_html(&mut self, start: usize) -> (String, Option<String>) {
        let page = html_of(self.page.drain(start..), 0);
        let print = self
            .print
            .as_mut()
            .map(|events| html_of(events.drain(start..), 0));
        (page, print)
    }

    /// The HTML of every event, for each page; `capacity` is a guess of its length.
    pub fn into_html(self, capacity: usize) -> (String, Option<String>) {
        let print = self
            .print
            .map(|events| html_of(events.into_iter(), capacity));
        (html_of(self.page.into_iter(), capacity), print)
    }
}

fn html_of<'e>(events: impl Iterator<Item = Event<'e>>, capacity: usize) -> String {
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}
