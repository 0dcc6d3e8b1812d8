//! The layout's promises, checked on generated graphs of every benchmark family and on random
//! DAGs: no two nodes overlap, every edge goes forward in rank, edges arrive in argument
//! order, no edge passes through a node, groups stay together, and the same input gives the
//! same layout.
mod common;

use common::families::{families, long_sum};
use gradgraph_engine::layout::{self, measure, Input, Layout, Link, Settings, Size};
use gradgraph_engine::{compile, Options};
use proptest::prelude::*;

/// Checks every promise on one layout; returns a description of the first broken one.
fn check(input: &Input, placed: &Layout) -> Result<(), String> {
    let n = input.sizes.len();
    if measure::overlaps(placed) > 0 {
        return Err(format!("{} pairs of nodes overlap", measure::overlaps(placed)));
    }
    for (e, edge) in input.edges.iter().enumerate() {
        let (a, b) = (placed.ranks[edge.from], placed.ranks[edge.to]);
        if a >= b {
            return Err(format!("edge {e} ({} → {}) goes from rank {a} to rank {b}", edge.from, edge.to));
        }
        let route = &placed.routes[e].points;
        let (first, last) = (route[0], route[route.len() - 1]);
        let (from, to) = (placed.centers[edge.from], placed.centers[edge.to]);
        if (first.x - (from.x + placed.widths[edge.from] / 2.0)).abs() > 1e-6
            || (first.y - from.y).abs() > placed.heights[edge.from] / 2.0
        {
            return Err(format!("edge {e} does not leave from its argument's right side"));
        }
        if (last.x - (to.x - placed.widths[edge.to] / 2.0)).abs() > 1e-6
            || (last.y - to.y).abs() > placed.heights[edge.to] / 2.0
        {
            return Err(format!("edge {e} does not arrive on its consumer's left side"));
        }
        if route.windows(2).any(|p| p[1].x < p[0].x - 1e-9) {
            return Err(format!("edge {e} turns back"));
        }
    }
    // Argument slots top to bottom in argument order.
    for v in 0..n {
        let mut arriving: Vec<(usize, f64)> = input
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| e.to == v)
            .map(|(i, e)| (e.port, placed.routes[i].points.last().map_or(0.0, |p| p.y)))
            .collect();
        arriving.sort_by_key(|a| a.0);
        if arriving.windows(2).any(|w| w[1].1 <= w[0].1) {
            return Err(format!("the edges into node {v} do not arrive in argument order: {arriving:?}"));
        }
    }
    let ends: Vec<(usize, usize)> = input.edges.iter().map(|e| (e.from, e.to)).collect();
    let through = measure::edges_through_nodes(placed, &ends);
    if through > 0 {
        return Err(format!("{through} edges pass through a node"));
    }
    // A group's members in one rank are not separated by another node.
    let max_rank = placed.ranks.iter().copied().max().unwrap_or(0);
    for rank in 0..=max_rank {
        let mut column: Vec<usize> = (0..n).filter(|&v| placed.ranks[v] == rank).collect();
        column.sort_by(|&a, &b| placed.centers[a].y.total_cmp(&placed.centers[b].y));
        let group = |v: usize| input.groups.get(v).copied().flatten();
        let mut seen: Vec<usize> = Vec::new();
        for pair in column.windows(2) {
            if let Some(g) = group(pair[0]) {
                if group(pair[1]) != Some(g) {
                    seen.push(g);
                }
            }
            if let Some(g) = group(pair[1]) {
                if seen.contains(&g) {
                    return Err(format!("group {g} is split in rank {rank}"));
                }
            }
        }
    }
    if layout::place(input, &Settings::default()) != *placed {
        return Err("the same input gave another layout".into());
    }
    Ok(())
}

#[test]
fn every_family_keeps_every_promise() {
    for nodes in [20, 100, 400] {
        for seed in 1..=3 {
            for (family, input) in families(nodes, seed) {
                let placed = layout::place(&input, &Settings::default());
                if let Err(problem) = check(&input, &placed) {
                    panic!("{family} of {nodes} nodes, seed {seed}: {problem}");
                }
            }
        }
    }
}

#[test]
fn the_examples_keep_every_promise() {
    let programs = [
        "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
        "x = 3\ny = x*x - x",
        "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)",
        "x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nw2 = [1, -1, 0.5]\nystar = 1\nh = sigmoid(W1 @ x)\ny = dot(w2, h)\nJ = (y - ystar)^2 / 2",
        "a = -4\nb = 2\nc = a + b\nd = a*b + b^3\nc1 = c + c + 1\nc2 = c1 + 1 + c1 + (-a)\nd1 = d + d*2 + relu(b + a)\nd2 = d1 + 3*d1 + relu(b - a)\ne = c2 - d2\nf = e^2\ng = f/2 + 10/f",
    ];
    for program in programs {
        let graph = compile(program, &Options::default()).graph.expect("the program compiles");
        let input = layout::input(&graph, &layout::node_widths(&graph));
        let placed = layout::layout(&graph, &layout::node_widths(&graph));
        if let Err(problem) = check(&input, &placed) {
            panic!("{program:?}: {problem}");
        }
        // The output is in the last rank.
        let last = placed.ranks.iter().copied().max();
        assert_eq!(Some(placed.ranks[graph.output().index()]), last, "{program:?}");
    }
}

#[test]
fn a_long_sum_has_no_crossings_and_the_quiz_has_its_fewest() {
    let placed = layout::place(&long_sum(200), &Settings::default());
    assert_eq!((placed.crossings, measure::crossings(&placed)), (0, 0));
    // Three is the fewest for the quiz's ranks with its argument slots (found by trying every
    // order of every layer).
    let graph =
        compile("x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)", &Options::default()).graph.unwrap();
    let placed = layout::layout(&graph, &layout::node_widths(&graph));
    assert_eq!(placed.crossings, 3);
    // `x * x`: the two edges stay apart.
    let graph = compile("x = 3\ny = x*x", &Options::default()).graph.unwrap();
    let placed = layout::layout(&graph, &layout::node_widths(&graph));
    assert_ne!(placed.routes[0].points[0], placed.routes[1].points[0]);
    assert_ne!(placed.routes[0].points.last(), placed.routes[1].points.last());
}

#[test]
fn broken_input_is_laid_out_without_panicking() {
    let size = Size { width: 50.0, height: 20.0 };
    let input = Input {
        sizes: vec![size, size, Size { width: f64::NAN, height: f64::INFINITY }],
        edges: vec![
            Link { from: 0, to: 1, port: 0, ports: 1 },
            Link { from: 1, to: 0, port: 0, ports: 1 },
            Link { from: 2, to: 2, port: 0, ports: 1 },
            Link { from: 0, to: 9, port: 3, ports: 1 },
        ],
        groups: vec![Some(0), None, Some(0), Some(1)],
        last: Some(7),
        hints: vec![Some(f64::NAN), None, Some(f64::INFINITY), Some(2.0), Some(-1.0)],
    };
    let placed = layout::place(&input, &Settings::default());
    assert_eq!(placed.centers.len(), 3);
    assert!(placed.routes[2].points.is_empty() && placed.routes[3].points.is_empty());
    assert!(placed.centers.iter().all(|c| c.x.is_finite() && c.y.is_finite()));
    assert_eq!(layout::place(&Input::default(), &Settings::default()).centers.len(), 0);
}

/// A random DAG: each node's arguments come from earlier nodes; widths vary; a few groups.
fn dag() -> impl Strategy<Value = Input> {
    (1usize..40).prop_flat_map(|n| {
        let widths = proptest::collection::vec(20.0f64..220.0, n);
        let args = proptest::collection::vec(proptest::collection::vec(0usize..1000, 0..4), n);
        let groups = proptest::collection::vec(proptest::option::weighted(0.3, 0usize..3), n);
        (widths, args, groups).prop_map(move |(widths, args, groups)| {
            let sizes = widths.iter().map(|&width| Size { width, height: 56.0 }).collect();
            let mut edges = Vec::new();
            for (to, picks) in args.iter().enumerate() {
                if to == 0 {
                    continue;
                }
                for (port, pick) in picks.iter().enumerate() {
                    edges.push(Link { from: pick % to, to, port, ports: picks.len() });
                }
            }
            Input { sizes, edges, groups, last: n.checked_sub(1), hints: Vec::new() }
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_dags_keep_every_promise(input in dag()) {
        let placed = layout::place(&input, &Settings::default());
        prop_assert_eq!(check(&input, &placed), Ok(()));
    }
}

#[test]
fn top_to_bottom_puts_the_layers_in_rows() {
    let input = common::families::expression_dag(60, 5);
    let settings = Settings { direction: layout::Direction::TopToBottom, ..Settings::default() };
    let placed = layout::place(&input, &settings);
    let across = layout::place(&input, &Settings::default());
    assert_eq!(placed.ranks, across.ranks);
    assert_eq!(measure::overlaps(&placed), 0);
    for (e, edge) in input.edges.iter().enumerate() {
        let route = &placed.routes[e].points;
        let (first, last) = (route[0], route[route.len() - 1]);
        let (from, to) = (placed.centers[edge.from], placed.centers[edge.to]);
        // Leaving from the bottom of the argument, arriving at the top of the consumer, downwards.
        assert!((first.y - (from.y + placed.heights[edge.from] / 2.0)).abs() < 1e-6, "edge {e}");
        assert!((last.y - (to.y - placed.heights[edge.to] / 2.0)).abs() < 1e-6, "edge {e}");
        assert!(route.windows(2).all(|p| p[1].y >= p[0].y - 1e-9), "edge {e} turns back");
    }
    let ends: Vec<(usize, usize)> = input.edges.iter().map(|e| (e.from, e.to)).collect();
    assert_eq!(measure::edges_through_nodes(&placed, &ends), 0);
}

#[test]
fn a_collapsed_vector_is_one_box_with_its_edges_in_member_order() {
    let program = "x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nw2 = [1, -1, 0.5]\nystar = 1\nh = sigmoid(W1 @ x)\ny = dot(w2, h)\nJ = (y - ystar)^2 / 2";
    let graph = compile(program, &Options::default()).graph.expect("the program compiles");
    let widths = layout::node_widths(&graph);
    let plain = layout::layout(&graph, &widths);
    // Nothing collapsed, or a name that is not a group: the plain layout.
    for none in [vec![], vec!["nope".to_string()]] {
        let same = layout::layout_collapsed(&graph, &widths, &none, None);
        assert_eq!((same.centers, same.crossings), (plain.centers.clone(), plain.crossings));
    }
    let collapsed = ["W1".to_string(), "h".to_string()];
    let placed = layout::layout_collapsed(&graph, &widths, &collapsed, None);
    let group = |i: usize| graph.nodes().nth(i).and_then(|(_, n)| n.group.clone()).filter(|g| collapsed.contains(g));
    let members = |name: &str| (0..graph.len()).filter(|&i| group(i).as_deref() == Some(name)).collect::<Vec<_>>();
    let (w1, h) = (members("W1"), members("h"));
    assert_eq!((w1.len(), h.len()), (6, 3));
    for box_members in [&w1, &h] {
        // One box: the members share a place and a size, as wide as its label.
        let first = box_members[0];
        assert!(box_members
            .iter()
            .all(|&i| placed.centers[i] == placed.centers[first] && placed.widths[i] == placed.widths[first]));
    }
    let label = layout::box_label("W1", 6);
    assert!(placed.widths[w1[0]] >= label.chars().count() as f64 * layout::CHAR_WIDTH);
    // Boxes and the other nodes do not overlap; every edge goes forward and leaves and arrives
    // on the sides of its ends' boxes.
    for i in 0..graph.len() {
        for j in i + 1..graph.len() {
            if group(i).is_some() && group(i) == group(j) {
                continue;
            }
            let (a, b) = (placed.centers[i], placed.centers[j]);
            let apart = (a.x - b.x).abs() >= (placed.widths[i] + placed.widths[j]) / 2.0 - 1e-6
                || (a.y - b.y).abs() >= (placed.heights[i] + placed.heights[j]) / 2.0 - 1e-6;
            assert!(apart, "nodes {i} and {j} overlap");
        }
    }
    let mut into_h: Vec<(usize, f64)> = Vec::new();
    for (edge, route) in graph.edges().zip(&placed.routes) {
        let (from, to) = (edge.from.index(), edge.to.index());
        assert!(placed.ranks[from] < placed.ranks[to]);
        let (start, end) = (route.points[0], route.points[route.points.len() - 1]);
        assert!((start.x - (placed.centers[from].x + placed.widths[from] / 2.0)).abs() < 1e-6);
        assert!((end.x - (placed.centers[to].x - placed.widths[to] / 2.0)).abs() < 1e-6);
        if let Some(k) = h.iter().position(|&m| m == to) {
            into_h.push((k, end.y));
        }
    }
    // The edges into h's box arrive top to bottom in the order of h's elements.
    into_h.sort_by_key(|a| a.0);
    assert_eq!(into_h.len(), 3);
    assert!(into_h.windows(2).all(|p| p[0].1 < p[1].1), "{into_h:?}");
    // Collapsed, the drawing has fewer vertices to cross: W1's six inputs are one box.
    assert!(placed.height < plain.height, "{} vs {}", placed.height, plain.height);
}

#[test]
fn edge_labels_sit_between_the_layers_not_on_a_node() {
    let program = "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)";
    let graph = compile(program, &Options::default()).graph.expect("the program compiles");
    let placed = layout::layout(&graph, &layout::node_widths(&graph));
    for (e, route) in placed.routes.iter().enumerate() {
        let p = route.label_point().expect("every edge has a route");
        // A label such as "× 0.6931" (48 × 18) centred there covers no node.
        for (i, c) in placed.centers.iter().enumerate() {
            let covers =
                (p.x - c.x).abs() < placed.widths[i] / 2.0 + 24.0 && (p.y - c.y).abs() < placed.heights[i] / 2.0 + 9.0;
            assert!(!covers, "edge {e}'s label at {p:?} covers node {i}");
        }
    }
}

#[test]
fn a_program_is_drawn_top_to_bottom_with_the_same_layers_collapsed_or_not() {
    let program = "x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nw2 = [1, -1, 0.5]\nystar = 1\nh = sigmoid(W1 @ x)\ny = dot(w2, h)\nJ = (y - ystar)^2 / 2";
    let graph = compile(program, &Options::default()).graph.expect("the program compiles");
    let widths = layout::node_widths(&graph);
    for collapsed in [vec![], vec!["W1".to_string()]] {
        let across = layout::layout_collapsed(&graph, &widths, &collapsed, None);
        let down = layout::layout_directed(&graph, &widths, &collapsed, layout::Direction::TopToBottom, None);
        assert_eq!(down.ranks, across.ranks);
        // Each layer is a row, below the one before; every edge runs downwards.
        for edge in graph.edges() {
            let (from, to) = (edge.from.index(), edge.to.index());
            if down.centers[from] != down.centers[to] {
                assert!(down.centers[from].y < down.centers[to].y, "{from} -> {to}");
            }
        }
        for route in down.routes.iter().filter(|r| !r.points.is_empty()) {
            assert_eq!(route.direction, layout::Direction::TopToBottom);
            assert!(route.points.windows(2).all(|p| p[1].y >= p[0].y - 1e-9));
        }
        assert!(down.height > down.width / 4.0, "{} x {}", down.width, down.height);
    }
    // Left to right asked for explicitly is the page's default drawing.
    let plain = layout::layout(&graph, &widths);
    assert_eq!(
        layout::layout_directed(&graph, &widths, &[], layout::Direction::LeftToRight, None).centers,
        plain.centers
    );
}

#[test]
fn edges_too_long_for_the_dummy_budget_run_in_lanes_beside_the_drawing() {
    // A chain of 150 nodes, each also fed by the first: the edges from the first would need
    // about 11 000 dummies, beyond the budget of 8 000, so the longest are drawn directly.
    let n = 150;
    let mut input = Input { sizes: vec![Size { width: 60.0, height: 36.0 }; n], last: Some(n - 1), ..Input::default() };
    for k in 1..n {
        input.edges.push(Link { from: k - 1, to: k, port: 0, ports: 2 });
        input.edges.push(Link { from: 0, to: k, port: 1, ports: 2 });
    }
    let ends: Vec<(usize, usize)> = input.edges.iter().map(|e| (e.from, e.to)).collect();
    for direction in [layout::Direction::LeftToRight, layout::Direction::TopToBottom] {
        let placed = layout::place(&input, &Settings { direction, ..Settings::default() });
        let left_to_right = direction == layout::Direction::LeftToRight;
        let across = |p: &layout::Point| if left_to_right { p.y } else { p.x };
        let far_side = (0..n)
            .map(|v| {
                across(&placed.centers[v]) + if left_to_right { placed.heights[v] } else { placed.widths[v] } / 2.0
            })
            .fold(0.0, f64::max);
        let in_lanes = placed.routes.iter().filter(|r| r.points.iter().any(|p| across(p) > far_side)).count();
        assert!(in_lanes > 10, "{direction:?}: {in_lanes} edges in lanes");
        assert_eq!(measure::edges_through_nodes(&placed, &ends), 0, "{direction:?}");
        let extent = if left_to_right { placed.height } else { placed.width };
        assert!(placed.routes.iter().flat_map(|r| &r.points).all(|p| across(p) < extent), "{direction:?}");
        if left_to_right {
            check(&input, &placed).unwrap();
        }
    }
}

#[test]
fn the_page_benchmarks_sum_of_squares_draws_its_squares_in_one_layer_without_crossings() {
    // 1 001 nodes: each square is fed twice by its element, so it belongs beside the vector,
    // and the long edges from the squares to the chain of additions go past the dummy budget.
    let graph = compile(&common::families::sum_of_squares(334), &Options::default()).graph.unwrap();
    let input = layout::input(&graph, &layout::node_widths(&graph));
    let placed = layout::place(&input, &Settings::default());
    let squares: Vec<usize> =
        graph.nodes().filter(|(_, node)| node.kind.op_name() == "mul").map(|(n, _)| n.index()).collect();
    assert_eq!(squares.len(), 334);
    assert!(squares.iter().all(|&s| placed.ranks[s] == 1), "every square in the layer after the vector");
    assert_eq!(measure::crossings(&placed), 0);
    check(&input, &placed).unwrap();
}
