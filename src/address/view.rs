//! Links that reopen a view: the program, the input values set in the page, the output, the
//! options and the step, kept in the address's fragment (`#s=…`) as the state changes, so that
//! copying the address shares exactly this view.
//!
//! The link is a JavaScript object made and read field by field (`Reflect`), which the browser's
//! `JSON` turns into text and back, so no JSON or serialization library is compiled into the
//! page; the text is percent-encoded by the address's one encoder. A fragment is untrusted input: anything malformed, truncated,
//! too long or of the wrong types is refused with a reason, and the page opens the default
//! example with a notice.

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::syntax::MAX_SOURCE_CHARS;
use gradgraph_engine::Options;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::{percent_decode, percent_encode};
use crate::state::{Reopen, State, View};

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
/// Its JSON: `{"v": 1, "program": "…", "at": [["x", 2.5], …], "output": "u" or null, "sharing":
/// true, "statements": false, "step": 3, "coarse": false, "view": 0}`, every field but `v` and
/// `program` optional (when absent: sharing on, the others off or 0).
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub v: u32,
    pub program: String,
    /// Input values set in the page, by name.
    pub at: Vec<(String, f64)>,
    pub output: Option<String>,
    pub sharing: bool,
    /// One node per statement (true) or per operation.
    pub statements: bool,
    pub step: usize,
    /// Coarse steps (one per node visit) rather than fine ones.
    pub coarse: bool,
    /// What the graph pane shows: 0 the drawing, 1 the table, 2 both.
    pub view: u8,
}

impl Link {
    /// The link to `state`'s view.
    pub fn of(state: &State) -> Link {
        let at: Vec<(String, f64)> = state.program.at.iter().map(|(k, v)| (k.clone(), *v)).collect();
        let at = gradgraph_engine::sorting::sort_owned(at, &|a, b| a.0.cmp(&b.0));
        Link {
            v: VERSION,
            program: state.program.source.clone(),
            at,
            output: state.program.options.output.clone(),
            sharing: state.program.options.sharing,
            statements: state.program.options.granularity == Granularity::Statements,
            step: state.stepping.step,
            coarse: state.stepping.coarse,
            view: match state.screen.view {
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

    /// The view it asks the page to show.
    pub fn reopen(self) -> Reopen {
        let granularity = if self.statements { Granularity::Statements } else { Granularity::Operations };
        let view = self.view();
        Reopen {
            options: Options { sharing: self.sharing, granularity, output: self.output },
            program: self.program,
            at: self.at,
            step: self.step,
            coarse: self.coarse,
            view,
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
    let link = Link::of(state);
    let object = Object::new();
    let at: Array = link.at.iter().map(|(name, value)| Array::of2(&name.into(), &(*value).into())).collect();
    let fields: [(&str, JsValue); 9] = [
        ("v", link.v.into()),
        ("program", link.program.into()),
        ("at", at.into()),
        ("output", link.output.map_or(JsValue::NULL, JsValue::from)),
        ("sharing", link.sharing.into()),
        ("statements", link.statements.into()),
        ("step", (link.step as f64).into()),
        ("coarse", link.coarse.into()),
        ("view", link.view.into()),
    ];
    for (key, value) in fields {
        Reflect::set(&object, &key.into(), &value).ok()?;
    }
    let text = js_sys::JSON::stringify(&object).ok()?;
    Some(format!("{PREFIX}{}", percent_encode(&String::from(text))))
}

/// The view a fragment asks for, or why it cannot be opened.
pub fn read(fragment: &str) -> Result<Link, String> {
    let Some(encoded) = fragment.strip_prefix(PREFIX) else {
        return Err("it does not hold a Gradgraph view".into());
    };
    if encoded.len() > MAX_FRAGMENT_CHARS {
        return Err(format!("it is {} characters long, more than the {MAX_FRAGMENT_CHARS} allowed", encoded.len()));
    }
    // Links written by the browser's encodeURIComponent (before this encoder) read the same.
    let text = percent_decode(encoded).ok_or("it is not properly encoded")?;
    let value = js_sys::JSON::parse(&text).map_err(|_| "it is cut short or garbled".to_string())?;
    from_json(&value).map_err(|why| format!("it does not describe a view ({why})"))?.check()
}

/// A link from its parsed JSON, or which field is missing or of the wrong type.
fn from_json(value: &JsValue) -> Result<Link, String> {
    if !value.is_object() || Array::is_array(value) {
        return Err("not an object".into());
    }
    let field = |key: &str| Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let wrong = |key: &str, what: &str| format!("its {key} is not {what}");
    // A whole number in range, or the default when the field is absent.
    let whole = |key: &str, most: f64, default: f64| {
        let v = field(key);
        if v.is_undefined() {
            return Ok(default);
        }
        v.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=most).contains(n)).ok_or_else(|| wrong(key, "a whole number"))
    };
    let flag = |key: &str, default: bool| {
        let v = field(key);
        if v.is_undefined() {
            return Ok(default);
        }
        v.as_bool().ok_or_else(|| wrong(key, "true or false"))
    };
    let v = field("v").as_f64().filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n));
    let program = field("program").as_string().ok_or_else(|| wrong("program", "text"))?;
    let at = match field("at") {
        at if at.is_undefined() => Vec::new(),
        at if Array::is_array(&at) => Array::from(&at)
            .iter()
            .map(|pair| {
                // Only a real array: `Array.from` would throw on null and loop on a huge length.
                let pair = pair.dyn_ref::<Array>().filter(|p| p.length() == 2)?;
                pair.get(0).as_string().zip(pair.get(1).as_f64())
            })
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| wrong("at", "a list of names with numbers"))?,
        _ => return Err(wrong("at", "a list")),
    };
    let output = match field("output") {
        output if output.is_null() || output.is_undefined() => None,
        output => Some(output.as_string().ok_or_else(|| wrong("output", "a name"))?),
    };
    Ok(Link {
        v: v.ok_or_else(|| wrong("version", "a whole number"))? as u32,
        program,
        at,
        output,
        sharing: flag("sharing", true)?,
        statements: flag("statements", false)?,
        step: whole("step", 1e15, 0.0)? as usize,
        coarse: flag("coarse", false)?,
        view: whole("view", 255.0, 0.0)? as u8,
    })
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
            let mut state = State::new("x = 2; y = x*x");
            (state.screen.view, state.stepping.coarse) = (view, view == View::Table);
            let reopened = State::reopened(Link::of(&state).reopen());
            assert_eq!((reopened.screen.view, reopened.stepping.coarse), (view, view == View::Table));
        }
        assert_eq!(Link { view: 7, ..link }.view(), View::Drawing);
    }
}
