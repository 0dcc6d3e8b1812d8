//! Node identities (`Graph::identities`): unique in every graph, and kept by the nodes that an
//! edit leaves in place, which is what lets the drawing move a node rather than draw a new one.
use std::collections::{HashMap, HashSet};

use gradgraph_engine::graph::Granularity;
use gradgraph_engine::{compile, Graph, Options};

fn graph(source: &str, options: &Options) -> Graph {
    compile(source, options).graph.unwrap_or_else(|| panic!("{source:?} compiles"))
}

/// Each node's identity by its name (generated names included).
fn by_name(graph: &Graph) -> HashMap<String, u64> {
    graph.nodes().map(|(_, node)| node.name.clone()).zip(graph.identities()).collect()
}

const PROGRAMS: [&str; 5] = [
    "x = 2\nz = 3\ny = exp(x*z) + x*z/log(x) + sin(log(x))/(x*z)",
    "x = 3\ny = x*x - x",
    "theta = [0.5, -1, 2]\nx = [1, 2, 3]\nystar = 1\nq = sigmoid(dot(theta, x))\nJ = ystar*log(q) + (1 - ystar)*log(1 - q)",
    "x = [1, -2]\nW1 = [[0.5, -0.3], [0.8, 0.2], [-0.6, 0.4]]\nw2 = [1, -1, 0.5]\nystar = 1\nh = sigmoid(W1 @ x)\ny = dot(w2, h)\nJ = (y - ystar)^2 / 2",
    "a = 2\nb = 3\ny = (a*b + 1) * (a*b + 1) + 2*a + 2*a",
];

#[test]
fn identities_are_unique_with_and_without_sharing_and_in_statements() {
    let options = [
        Options::default(),
        Options { sharing: false, ..Options::default() },
        Options { granularity: Granularity::Statements, ..Options::default() },
    ];
    for program in PROGRAMS {
        for options in &options {
            let graph = graph(program, options);
            let ids = graph.identities();
            assert_eq!(ids.len(), graph.len());
            assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "{program:?} {options:?}");
            // The same program gives the same identities.
            assert_eq!(ids, graph.identities());
        }
    }
}

#[test]
fn an_edit_keeps_the_identities_of_what_it_leaves() {
    let before = graph("x = 2; z = 3\ny = x*z + sin(x)", &Options::default());
    // A new term before the others renumbers the generated names, not the identities.
    let after = graph("x = 2; z = 3\ny = cos(z) + x*z + sin(x)", &Options::default());
    let (old, new) = (by_name(&before), by_name(&after));
    let kept: HashSet<u64> = before.identities().into_iter().collect();
    let (x, z) = (old["x"], old["z"]);
    assert_eq!((new["x"], new["z"]), (x, z));
    // x*z and sin(x) are still there under other numbers; y is a new sum, and cos(z) is new.
    let products = |g: &Graph| {
        g.nodes()
            .zip(g.identities())
            .filter(|((_, n), _)| n.kind.op_name() == "mul")
            .map(|(_, id)| id)
            .collect::<Vec<_>>()
    };
    assert_eq!(products(&before), products(&after));
    let sines = |g: &Graph| {
        g.nodes()
            .zip(g.identities())
            .filter(|((_, n), _)| n.kind.op_name() == "sin")
            .map(|(_, id)| id)
            .collect::<Vec<_>>()
    };
    assert_eq!(sines(&before), sines(&after));
    let fresh: Vec<&String> = new.iter().filter(|(_, id)| !kept.contains(id)).map(|(name, _)| name).collect();
    assert!(fresh.len() <= 3, "only cos(z), the new sum and y are new: {fresh:?}");
    // A changed constant is a different node; renaming an input gives it a new identity.
    let renamed = by_name(&graph("w = 2; z = 3\ny = w*z + sin(w)", &Options::default()));
    assert_ne!(renamed["w"], x);
    assert_eq!(renamed["z"], z);
}

#[test]
fn repeats_without_sharing_are_told_apart_in_order() {
    let options = Options { sharing: false, ..Options::default() };
    let graph = graph("x = 2; y = 3\nf = x*y + x*y", &options);
    let ids = graph.identities();
    let products: Vec<u64> =
        graph.nodes().zip(&ids).filter(|((_, n), _)| n.kind.op_name() == "mul").map(|(_, &id)| id).collect();
    assert_eq!(products.len(), 2);
    assert_ne!(products[0], products[1]);
    // With sharing the one product has the first repeat's identity.
    let shared = compile("x = 2; y = 3\nf = x*y + x*y", &Options::default()).graph.expect("compiles");
    let one: Vec<u64> = shared
        .nodes()
        .zip(shared.identities())
        .filter(|((_, n), _)| n.kind.op_name() == "mul")
        .map(|(_, id)| id)
        .collect();
    assert_eq!(one, vec![products[0]]);
}
