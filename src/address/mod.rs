//! The address: every link format, read into what the state can open and written from the state
//! (never the reverse): `#s=` a view (`view.rs`), `#q=` a quiz (`quiz.rs`), both through this
//! module's one percent encoder.

pub mod quiz;
#[cfg(test)]
mod tests;
pub mod view;

use std::rc::Rc;

use yew::Reducible;

use crate::state::{Action, State};

/// The fragment that reopens what `state` shows: an open quiz's link (which does not give the
/// answer away), or the view's.
pub fn fragment(state: &State) -> Option<String> {
    match &state.quiz {
        Some(open) => Some(quiz::fragment(open)),
        None => view::fragment(state),
    }
}

/// What a fragment asks for: a quiz (`#q=`, or why it cannot be read), or else a view.
fn read(fragment: &str) -> Result<Action, String> {
    if fragment.starts_with("#q=") {
        Ok(Action::OpenQuizLink(quiz::read(fragment)))
    } else {
        view::read(fragment).map(|link| Action::Open(Box::new(State::reopened(link.reopen()))))
    }
}

/// The state a page opened at `fragment` starts in, `initial` being the program without one.
pub fn open(fragment: Option<&str>, initial: &str) -> State {
    match fragment.map(read) {
        // A view is opened as it is (the program without one is not analyzed for nothing).
        Some(Ok(Action::Open(opened))) => *opened,
        Some(Ok(action)) => Rc::unwrap_or_clone(Rc::new(State::new(initial)).reduce(action)),
        Some(Err(reason)) => State::refused_link(&reason),
        None => State::new(initial),
    }
}

/// What a link pasted into the address of the open page does, as [`open`] reads it: a view
/// replaces what is shown, a quiz opens over it, and a link that cannot be read leaves the page
/// as it is, with a notice.
pub fn pasted(fragment: &str) -> Action {
    read(fragment).unwrap_or_else(|reason| {
        Action::Notice(format!("This link could not be opened: {reason}. The page stays as it was."))
    })
}

/// Percent-encodes everything but ASCII letters, digits and `-_.~`.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out += &format!("%{byte:02X}");
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` for a bad escape or text that is not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
