#!/usr/bin/env python3
"""Peer of attention/prefill: ONNX Runtime's Attention operator (ONNX opset 23) on the CPU, on
the Q, K and V the workload exports (docs/peers.md).

attention_onnxruntime.py --input IN --params P --output OUT --benchmark_out T --repetitions N
                         --min-time S --threads T

Each sequence of the packed batch is one call with 4-D tensors [1, heads, length, head_dim]
(grouped-query attention by the operator's own head broadcast). Every mask - causal, sliding
window, dilated - is passed as an explicit boolean mask [Lq, Lk] built from the same rules
(bottom-right aligned), not as the operator's is_causal. The session uses T intra-op threads.
Only the session runs are timed. Output: O [total_q][q_heads][head_dim] as f32.
Exits 77 when onnxruntime, onnx or numpy is not installed.
"""
import struct
import sys
import time

try:
    import numpy as np
    import onnx
    import onnxruntime as ort
    from onnx import TensorProto, helper
except ImportError as e:
    print(f"attention_onnxruntime: {e.name} is not installed (pip install onnxruntime onnx numpy)")
    sys.exit(77)
from peer_protocol import parse_args, write_times

args = parse_args()

data = open(args.input, "rb").read()
batch, q_heads, kv_heads, head_dim, causal, window, dilation = struct.unpack_from("<7i", data, 0)
at = 28
q_offsets = np.frombuffer(data, dtype="<i4", count=batch + 1, offset=at)
at += 4 * (batch + 1)
k_offsets = np.frombuffer(data, dtype="<i4", count=batch + 1, offset=at)
at += 4 * (batch + 1)
(scale,) = struct.unpack_from("<f", data, at)
at += 4
total_q, total_k = int(q_offsets[-1]), int(k_offsets[-1])
q = np.frombuffer(data, dtype="<f4", count=total_q * q_heads * head_dim, offset=at).reshape(total_q, q_heads, head_dim)
at += 4 * q.size
k = np.frombuffer(data, dtype="<f4", count=total_k * kv_heads * head_dim, offset=at).reshape(total_k, kv_heads, head_dim)
at += 4 * k.size
v = np.frombuffer(data, dtype="<f4", count=total_k * kv_heads * head_dim, offset=at).reshape(total_k, kv_heads, head_dim)

restricted = causal or window > 0 or dilation > 1


def mask_of(lq, lk):
    if not restricted:
        return np.ones((lq, lk), dtype=bool)
    position = np.arange(lq)[:, None] + (lk - lq)  # bottom-right alignment
    distance = position - np.arange(lk)[None, :]
    m = distance >= 0
    if window > 0:
        m &= distance < window
    if dilation > 1:
        m &= distance % dilation == 0
    return m


node = helper.make_node("Attention", ["Q", "K", "V", "M"], ["O"], scale=float(scale))
graph = helper.make_graph(
    [node], "attention",
    [helper.make_tensor_value_info("Q", TensorProto.FLOAT, [1, q_heads, "lq", head_dim]),
     helper.make_tensor_value_info("K", TensorProto.FLOAT, [1, kv_heads, "lk", head_dim]),
     helper.make_tensor_value_info("V", TensorProto.FLOAT, [1, kv_heads, "lk", head_dim]),
     helper.make_tensor_value_info("M", TensorProto.BOOL, ["lq", "lk"])],
    [helper.make_tensor_value_info("O", TensorProto.FLOAT, [1, q_heads, "lq", head_dim])])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 23)])
model.ir_version = 10
options = ort.SessionOptions()
options.intra_op_num_threads = args.threads
options.inter_op_num_threads = 1
session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])

feeds = []
for b in range(batch):
    q0, q1, k0, k1 = int(q_offsets[b]), int(q_offsets[b + 1]), int(k_offsets[b]), int(k_offsets[b + 1])
    feeds.append({"Q": np.ascontiguousarray(q[q0:q1].transpose(1, 0, 2))[None],
                  "K": np.ascontiguousarray(k[k0:k1].transpose(1, 0, 2))[None],
                  "V": np.ascontiguousarray(v[k0:k1].transpose(1, 0, 2))[None],
                  "M": mask_of(q1 - q0, k1 - k0)})

times, outputs = [], None
for _ in range(args.repetitions):
    start = time.perf_counter_ns()
    outputs = [session.run(None, f)[0] for f in feeds]
    times.append(time.perf_counter_ns() - start)
o = np.concatenate([x[0].transpose(1, 0, 2) for x in outputs], axis=0) if outputs else np.zeros((0, q_heads, head_dim))
with open(args.output, "wb") as f:
    f.write(np.ascontiguousarray(o, dtype="<f4").tobytes())
write_times(args.benchmark_out, "attention_onnxruntime", times,
            {"peer": f"onnxruntime {ort.__version__} Attention (opset 23), explicit boolean mask",
             "intra_op_threads": args.threads})
