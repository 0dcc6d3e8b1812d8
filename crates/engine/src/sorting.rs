//! Sorting through one function. Each call of `sort_by` with its own closure compiles the
//! whole sorting algorithm again (several kilobytes of WebAssembly each); the engine's sorts of
//! indices and small records go through [`sort_indices`], so the page holds one copy.

use std::cmp::Ordering;

/// Sorts indices (stably) by `compare`.
pub(crate) fn sort_indices(indices: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
    indices.sort_by(|&a, &b| compare(a, b));
}

/// `items` in the order [`sort_indices`] gives their positions under `compare`.
pub(crate) fn sorted<T: Copy>(items: &[T], compare: &dyn Fn(&T, &T) -> Ordering) -> Vec<T> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => compare(x, y),
        _ => a.cmp(&b),
    });
    order.into_iter().filter_map(|i| items.get(i).copied()).collect()
}
