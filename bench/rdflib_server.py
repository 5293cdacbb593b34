"""rdflib-endpoint over the graph: ``python -m bench.rdflib_server GRAPH.nq PORT``.

The N-Quads are loaded into an rdflib ``Dataset`` whose default graph is the union of the
named graphs (as in our service and in the Oxigraph server), served at ``/sparql``.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    dataset = Dataset(default_union=True)
    dataset.parse(argv[0], format="nquads")
    app = SparqlEndpoint(graph=dataset, path="/sparql", title="seckg bench (rdflib-endpoint)")
    uvicorn.run(app, host="127.0.0.1", port=int(argv[1]), log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
