//! Quiz links: `#q=SEED-LEVEL` for a generated quiz, and
//! `#q=program:SEED:DECIMALS:ASKED:PROGRAM` for a teacher's program with what it asks (names
//! separated by commas) and how it rounds (the seed places the answer). Neither holds the answer.

use gradgraph_engine::quiz::{self, Choices, Level};

use super::{percent_decode, percent_encode};
use crate::state::{QuizOrigin, QuizSource, QuizState};

/// The link that reopens `quiz`: its seed and level, or the teacher's program (its point
/// included), the partials asked and the rounding, so the student's quiz is exactly the teacher's.
pub fn fragment(quiz: &QuizState) -> String {
    match quiz.origin {
        QuizOrigin::Generated(seed, level) => format!("#q={seed}-{}", level.name()),
        QuizOrigin::Program => {
            let quiz = &quiz.current;
            let asked: Vec<String> = quiz.asked.iter().map(|name| percent_encode(name)).collect();
            format!("#q=program:{}:{}:{}:{}", quiz.seed, quiz.decimals, asked.join(","), percent_encode(&quiz.program))
        }
    }
}

/// Reads a quiz link, or says why it cannot be read. Links are untrusted: lengths and numbers
/// are checked before anything else.
pub fn read(fragment: &str) -> Result<QuizSource, String> {
    let body = fragment.strip_prefix("#q=").ok_or("it does not hold a quiz")?;
    if body.len() > 4 * gradgraph_engine::syntax::MAX_SOURCE_CHARS {
        return Err("it is too long".into());
    }
    if let Some(rest) = body.strip_prefix("program:") {
        let mut parts = rest.splitn(4, ':');
        let mut next = || parts.next().ok_or("it is cut short");
        let seed: u64 = next()?.parse().map_err(|_| "its seed is not a whole number")?;
        let decimals: u32 = next()?.parse().map_err(|_| "its rounding is not a whole number")?;
        if decimals > quiz::MAX_DECIMALS {
            return Err(format!("it rounds to more than {} decimals", quiz::MAX_DECIMALS));
        }
        let asked = next()?
            .split(',')
            .map(|name| percent_decode(name).filter(|n| !n.is_empty()))
            .collect::<Option<Vec<String>>>()
            .ok_or("its list of partials is not properly encoded")?;
        let program = percent_decode(next()?).ok_or("it is not properly encoded")?;
        let choices = Choices { asked: Some(asked), decimals: Some(decimals) };
        return Ok(QuizSource::Program { program, seed, choices });
    }
    let (seed, level) = body.split_once('-').ok_or("it names no level")?;
    let seed: u64 = seed.parse().map_err(|_| "its seed is not a whole number")?;
    let level = Level::from_name(level).ok_or("its level is not easy, medium or hard")?;
    Ok(QuizSource::Generated(seed, level))
}
