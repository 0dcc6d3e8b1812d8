//! Links that reopen a view: the program, the input values set in the page, the output, the
//! options and the step, kept in the address's fragment (`#s=…`) as the state changes, so that
//! copying the address shares exactly this view.
//!
//! The state goes between Rust and JavaScript with serde-wasm-bindgen and becomes text with the
//! browser's `JSON`, so no JSON library is compiled into the page. A fragment is untrusted
//! input: anything malformed, truncated, too long or of the wrong types is refused with a
//! reason, and the page opens the default example with a notice.

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::syntax::MAX_SOURCE_CHARS;
use serde::{Deserialize, Serialize};

use crate::state::{State, View};

/// The fragment's prefix, and the format's version.
const PREFIX: &str = "#s=";
const VERSION: u32 = 1;
/// Longest fragment read: the longest program, escaped, with room for the rest.
pub const MAX_FRAGMENT_CHARS: usize = 4 * MAX_SOURCE_CHARS;
/// Most page-set input values a link may carry.
const MAX_VALUES: usize = 10_000;
/// Longest name in a link (names are identifiers; this bounds a hostile one).
const MAX_NAME_CHARS: usize = 1_000;

/// The view a link reopens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub v: u32,
    pub program: String,
    /// Input values set in the page, by name.
    #[serde(default)]
    pub at: Vec<(String, f64)>,
    #[serde(default)]
    pub output: Option<String>,
    #[serde(default = "yes")]
    pub sharing: bool,
    /// One node per statement (true) or per operation.
    #[serde(default)]
    pub statements: bool,
    #[serde(default)]
    pub step: usize,
    /// Coarse steps (one per node visit) rather than fine ones.
    #[serde(default)]
    pub coarse: bool,
    /// What the graph pane shows: 0 the drawing, 1 the table, 2 both.
    #[serde(default)]
    pub view: u8,
}

fn yes() -> bool {
    true
}

impl Link {
    /// The link to `state`'s view.
    pub fn of(state: &State) -> Link {
        let at: Vec<(String, f64)> = state.at.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let at = gradgraph_engine::sorting::sort_owned(at, &|a, b| a.0.cmp(&b.0));
        Link {
            v: VERSION,
            program: state.source.clone(),
            at,
            output: state.options.output.clone(),
            sharing: state.options.sharing,
            statements: state.options.granularity == Granularity::Statements,
            step: state.step,
            coarse: state.coarse,
            view: match state.view {
                View::Drawing => 0,
                View::Table => 1,
                View::Both => 2,
            },
        }
    }

    /// The pane's view it asks for (an unknown number: the drawing; a link whose number is not
    /// a byte at all is refused as malformed, as any wrong type is).
    pub fn view(&self) -> View {
        match self.view {
            1 => View::Table,
            2 => View::Both,
            _ => View::Drawing,
        }
    }

    /// Refuses a link whose contents are out of bounds, saying why.
    pub fn check(self) -> Result<Link, String> {
        if self.v != VERSION {
            return Err(format!("it is of version {}, and this page reads version {VERSION}", self.v));
        }
        let chars = self.program.chars().count();
        if chars > MAX_SOURCE_CHARS {
            return Err(format!("its program has {chars} characters, more than the {MAX_SOURCE_CHARS} allowed"));
        }
        if self.at.len() > MAX_VALUES {
            return Err(format!("it sets {} input values, more than the {MAX_VALUES} allowed", self.at.len()));
        }
        let shown = |name: &str| {
            let start: String = name.chars().take(40).collect();
            if start.len() < name.len() {
                format!("{start}…")
            } else {
                start
            }
        };
        if let Some((name, _)) = self.at.iter().find(|(name, _)| name.len() > MAX_NAME_CHARS) {
            return Err(format!(
                "it names an input '{}' of {} characters, more than the {MAX_NAME_CHARS} allowed",
                shown(name),
                name.chars().count()
            ));
        }
        if let Some((name, _)) = self.at.iter().find(|(_, value)| !value.is_finite()) {
            return Err(format!("the value it gives '{}' is not a finite number", shown(name)));
        }
        if self.output.as_ref().is_some_and(|o| o.len() > MAX_NAME_CHARS) {
            return Err("its output's name is too long".into());
        }
        Ok(self)
    }
}

/// The fragment holding `state`'s view, `#s=…`. (Browser only, as is [`read`].)
pub fn fragment(state: &State) -> Option<String> {
    let value = serde_wasm_bindgen::to_value(&Link::of(state)).ok()?;
    let text = js_sys::JSON::stringify(&value).ok()?;
    Some(format!("{PREFIX}{}", String::from(js_sys::encode_uri_component(&String::from(text)))))
}

/// The view a fragment asks for, or why it cannot be opened.
pub fn read(fragment: &str) -> Result<Link, String> {
    let Some(encoded) = fragment.strip_prefix(PREFIX) else {
        return Err("it does not hold a Gradgraph view".into());
    };
    if encoded.len() > MAX_FRAGMENT_CHARS {
        return Err(format!("it is {} characters long, more than the {MAX_FRAGMENT_CHARS} allowed", encoded.len()));
    }
    let text = js_sys::decode_uri_component(encoded).map_err(|_| "it is not properly encoded".to_string())?;
    let value = js_sys::JSON::parse(&String::from(text)).map_err(|_| "it is cut short or garbled".to_string())?;
    let link: Link = serde_wasm_bindgen::from_value(value).map_err(|e| format!("it does not describe a view ({e})"))?;
    link.check()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link() -> Link {
        Link {
            v: 1,
            program: "x = 2; y = x*x".into(),
            at: vec![],
            output: None,
            sharing: true,
            statements: false,
            step: 3,
            coarse: false,
            view: 0,
        }
    }

    #[test]
    fn links_out_of_bounds_are_refused_with_a_reason() {
        assert_eq!(link().check(), Ok(link()));
        let long = Link { program: "x".repeat(MAX_SOURCE_CHARS + 1), ..link() };
        assert!(long.check().unwrap_err().contains("more than the 100000 allowed"));
        let nan = Link { at: vec![("x".into(), f64::NAN)], ..link() };
        assert_eq!(nan.check().unwrap_err(), "the value it gives 'x' is not a finite number");
        // A name too long is refused as that, not as a number (its value is fine).
        let long_name = Link { at: vec![("v".repeat(MAX_NAME_CHARS + 1), 2.0)], ..link() };
        assert_eq!(
            long_name.check().unwrap_err(),
            format!("it names an input '{}…' of 1001 characters, more than the 1000 allowed", "v".repeat(40))
        );
        let future = Link { v: 2, ..link() };
        assert!(future.check().unwrap_err().contains("version 2"));
    }

    #[test]
    fn a_state_makes_its_link() {
        let state = State::new("x = 2; y = x*x");
        let link = Link::of(&state);
        assert_eq!((link.program.as_str(), link.step, link.sharing), ("x = 2; y = x*x", 0, true));
        for view in [View::Drawing, View::Table, View::Both] {
            let state = State { view, coarse: view == View::Table, ..State::new("x = 2; y = x*x") };
            let reopened = State::from_link(Link::of(&state));
            assert_eq!((reopened.view, reopened.coarse), (view, view == View::Table));
        }
        assert_eq!(Link { view: 7, ..link }.view(), View::Drawing);
    }
}
