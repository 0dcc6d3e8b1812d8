//! Sorting through one function. Each call of `sort_by` with its own closure compiles the
//! whole sorting algorithm again (several kilobytes of WebAssembly each); the engine's sorts of
//! indices and small records go through [`sort_indices`], so the page holds one copy.

use std::cmp::Ordering;

/// Sorts indices (stably) by `compare`.
pub fn sort_indices(indices: &mut [usize], compare: &dyn Fn(usize, usize) -> Ordering) {
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

/// `items` sorted (stably) by `compare`, without copying them: [`sort_indices`] orders their
/// positions, then each is moved once.
pub fn sort_owned<T>(items: Vec<T>, compare: &dyn Fn(&T, &T) -> Ordering) -> Vec<T> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &|a, b| match (items.get(a), items.get(b)) {
        (Some(x), Some(y)) => compare(x, y),
        _ => a.cmp(&b),
    });
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)).collect()
}

/// Sorts numbers by `f64::total_cmp`, in place, by heapsort (insertion sort for eight or fewer): `O(n log n)` without allocating,
/// and a few hundred bytes of WebAssembly where the standard library's sort is several
/// kilobytes. (Equal numbers are indistinguishable, so stability does not matter.)
pub fn sort_floats(v: &mut [f64]) {
    // A vertex's few keys, the usual case in the layout: insertion sort.
    if v.len() <= 8 {
        for i in 1..v.len() {
            let mut j = i;
            while j > 0 && v.get(j - 1).zip(v.get(j)).is_some_and(|(a, b)| b.total_cmp(a) == Ordering::Less) {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let less = |v: &[f64], a: usize, b: usize| match (v.get(a), v.get(b)) {
        (Some(x), Some(y)) => x.total_cmp(y) == Ordering::Less,
        _ => false,
    };
    let sift_down = |v: &mut [f64], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(v, child, child + 1) {
            child += 1;
        }
        if !less(v, root, child) {
            break;
        }
        v.swap(root, child);
        root = child;
    };
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift_down(v, start, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_sort_as_total_cmp_orders_them() {
        let mut seed = 7u64;
        for n in [0, 1, 2, 3, 5, 8, 17, 100, 1000] {
            let mut v: Vec<f64> = (0..n)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    ((seed >> 33) % 50) as f64 - 25.0
                })
                .collect();
            if n > 3 {
                v[1] = f64::NAN;
                v[2] = -0.0;
                v[3] = f64::NEG_INFINITY;
            }
            let mut expected = v.clone();
            expected.sort_by(f64::total_cmp);
            sort_floats(&mut v);
            assert_eq!(
                v.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                expected.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
        }
        let words = sort_owned(vec!["b", "a", "c", "a"], &|x, y| x.cmp(y));
        assert_eq!(words, ["a", "a", "b", "c"]);
    }
}
