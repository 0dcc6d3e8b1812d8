fn main() {
    gradgraph::run();
}
