//! Self-check: predict-then-reveal on any program (`practice`) and multiple-choice quizzes with
//! speed rounds (`quiz`).

pub mod practice;
pub mod quiz;
