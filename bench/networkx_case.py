"""One size with NetworkX: BFS, connected components, the Buldyrev cascade and the dependency cascade.

Reads the raw arrays bench/run.ts wrote (<prefix>.<name>.i32) so that it works on the very same graphs.
Prints one JSON line of milliseconds (graph construction not counted) and the peak RSS.
"""
import json
import resource
import sys
import time

import networkx as nx
import numpy as np

prefix, repeat = sys.argv[1], int(sys.argv[2])


def load(name):
    return np.fromfile(f"{prefix}.{name}.i32", dtype=np.int32).tolist()


def best(work):
    if repeat > 1:
        work()
    fastest = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        fastest = min(fastest, (time.perf_counter() - start) * 1000)
    return fastest


result = {}
nodes = int(open(f"{prefix}.meta").read().split()[0])
half = nodes // 2
graph = nx.MultiGraph()
graph.add_nodes_from(range(nodes))
graph.add_edges_from(zip(load("er_sources"), load("er_targets")))
result["bfs"] = best(lambda: nx.single_source_shortest_path_length(graph, 0))
result["components"] = best(lambda: list(nx.connected_components(graph)))
del graph

layer_a = nx.Graph()
layer_a.add_nodes_from(range(half))
layer_a.add_edges_from(zip(load("a_sources"), load("a_targets")))
layer_b = nx.Graph()
layer_b.add_nodes_from(range(half, 2 * half))
layer_b.add_edges_from(zip(load("b_sources"), load("b_targets")))
failed = load("coupled_failed")
survivors = [0]


def buldyrev():
    alive = set(range(2 * half))
    for v in failed:
        alive.discard(v)
        alive.discard(v + half)
    changed = True
    while changed:
        changed = False
        for layer in (layer_a, layer_b):
            parts = list(nx.connected_components(layer.subgraph(alive & set(layer.nodes))))
            giant = max(parts, key=len) if parts else set()
            for v in [v for v in layer.nodes if v in alive and v not in giant]:
                alive.discard(v)
                alive.discard((v + half) % (2 * half))
                changed = True
    survivors[0] = sum(1 for v in range(half) if v in alive)


result["buldyrev"] = best(buldyrev)
result["survivingFraction"] = survivors[0] / half
del layer_a, layer_b

dependent, supplier, group, k = load("dep_dependent"), load("dep_supplier"), load("dep_group"), load("group_k")
directed = nx.MultiDiGraph()
directed.add_nodes_from(range(nodes))
directed.add_edges_from((s, d, {"group": g}) for s, d, g in zip(supplier, dependent, group))
members = [0] * len(k)
for g in group:
    members[g] += 1
initial = load("dep_failed")
failed_count = [0]


def dependency_cascade():
    working = list(members)
    down = set(initial)
    queue = list(initial)
    head = 0
    while head < len(queue):
        v = queue[head]
        head += 1
        for _, target, g in directed.out_edges(v, data="group"):
            working[g] -= 1
            if working[g] == k[g] - 1 and target not in down:
                down.add(target)
                queue.append(target)
    failed_count[0] = len(down)


result["dependencyCascade"] = best(dependency_cascade)
result["failed"] = failed_count[0]
result["maxRssMb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
