#include "quant_llm/llama.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>
#include <stdexcept>

#include "quant_llm/blocks.hpp"
#include "quant_llm/fp16.hpp"
#include "quant_llm/quantize.hpp"

namespace quant {

int argmax(const std::vector<float>& v) {
  return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

void rmsnorm(const float* x, const float* w, float* y, std::int64_t n, float eps) {
  double sum = 0;  // ggml accumulates the sum of squares in double
  for (std::int64_t i = 0; i < n; ++i) sum += static_cast<double>(x[i]) * static_cast<double>(x[i]);
  const float mean = static_cast<float>(sum / static_cast<double>(n));
  const float scale = 1.0f / std::sqrt(mean + eps);
  for (std::int64_t i = 0; i < n; ++i) y[i] = x[i] * scale * w[i];
}

void rope_norm(float* x, std::int64_t n_heads, std::int64_t head_dim, std::int64_t n_rot, std::int64_t pos,
               float freq_base) {
  // ggml's CPU RoPE forms theta as p * theta_scale^i by repeated multiplication
  // (theta *= theta_scale per pair), not with pow(theta_scale, i).
  const float theta_scale = std::pow(freq_base, -2.0f / static_cast<float>(n_rot));
  std::vector<float> cs(static_cast<std::size_t>(n_rot));
  float theta = static_cast<float>(pos);
  for (std::int64_t i = 0; i < n_rot / 2; ++i) {
    cs[static_cast<std::size_t>(2 * i)] = std::cos(theta);
    cs[static_cast<std::size_t>(2 * i + 1)] = std::sin(theta);
    theta *= theta_scale;
  }
  for (std::int64_t h = 0; h < n_heads; ++h) {
    float* v = x + h * head_dim;
    for (std::int64_t i = 0; i < n_rot / 2; ++i) {
      rope_pair(&v[2 * i], &v[2 * i + 1], cs[static_cast<std::size_t>(2 * i)], cs[static_cast<std::size_t>(2 * i + 1)]);
    }
  }
}

// ----------------------------------------------------------------------------- model

namespace {

WeightView weight(const GgufFile& f, const std::string& name, std::int64_t cols, std::int64_t rows) {
  const auto& t = f.tensor(name);
  if (t.ne[0] != cols || t.ne[1] != rows || t.ne[2] != 1 || t.ne[3] != 1) {
    throw GgufError(f.path() + ": tensor " + name + " has shape [" + std::to_string(t.ne[0]) + ", " +
                    std::to_string(t.ne[1]) + "], expected [" + std::to_string(cols) + ", " + std::to_string(rows) + "]");
  }
  return WeightView{t.type, cols, rows, t.data};
}

const float* norm(const GgufFile& f, const std::string& name, std::int64_t n) {
  const auto& t = f.tensor(name);
  if (t.type != GgmlType::F32 || t.n_elems != n) {
    throw GgufError(f.path() + ": tensor " + name + " must be F32 with " + std::to_string(n) + " elements, found " +
                    type_name(t.type) + " with " + std::to_string(t.n_elems));
  }
  if (reinterpret_cast<std::uintptr_t>(t.data) % alignof(float) != 0) {  // general.alignment may be 1 or 2
    throw GgufError(f.path() + ": tensor " + name + " data is not 4-byte aligned (general.alignment " +
                    std::to_string(f.alignment()) + ")");
  }
  return reinterpret_cast<const float*>(t.data);
}

}  // namespace

LlamaModel LlamaModel::load(GgufFile file) {
  LlamaModel m;
  m.file_ = std::move(file);
  const auto& f = m.file_;
  const std::string arch = f.get_string("general.architecture");
  if (arch != "llama") throw GgufError(f.path() + ": general.architecture is '" + arch + "', only 'llama' is supported");
  auto& c = m.config_;
  c.n_embd = f.get_int("llama.embedding_length");
  c.n_layer = f.get_int("llama.block_count");
  c.n_ff = f.get_int("llama.feed_forward_length");
  c.n_head = f.get_int("llama.attention.head_count");
  c.n_head_kv = f.get_int("llama.attention.head_count_kv", c.n_head);
  c.n_ctx = f.get_int("llama.context_length", 2048);
  c.eps = static_cast<float>(f.get_float("llama.attention.layer_norm_rms_epsilon"));
  c.freq_base = static_cast<float>(f.get_float("llama.rope.freq_base", 10000.0));
  auto bad = [&](const std::string& what) { throw GgufError(f.path() + ": " + what); };
  if (c.n_embd <= 0 || c.n_layer <= 0 || c.n_ff <= 0 || c.n_head <= 0 || c.n_head_kv <= 0 || c.n_layer > 4096 ||
      c.n_embd > (1 << 20) || c.n_ff > (1 << 22)) {
    bad("implausible hyperparameters (embedding_length, block_count, feed_forward_length, head counts)");
  }
  if (c.n_embd % c.n_head != 0 || c.n_head % c.n_head_kv != 0) {
    bad("embedding_length must divide by head_count and head_count by head_count_kv");
  }
  c.n_rot = f.get_int("llama.rope.dimension_count", c.head_dim());
  if (c.n_rot != c.head_dim()) bad("rope.dimension_count " + std::to_string(c.n_rot) + " != head dimension");
  if (f.get_int("llama.attention.key_length", c.head_dim()) != c.head_dim() ||
      f.get_int("llama.attention.value_length", c.head_dim()) != c.head_dim()) {
    bad("attention key/value length differing from embedding_length/head_count is not supported");
  }
  if (const auto* v = f.find("llama.rope.scaling.type"); v && v->type == GgufValueType::STRING && v->str != "none") {
    bad("rope scaling '" + std::string(v->str) + "' is not supported");
  }
  const auto& embd = f.tensor("token_embd.weight");
  c.n_vocab = embd.ne[1];
  m.token_embd_ = weight(f, "token_embd.weight", c.n_embd, c.n_vocab);
  const std::int64_t hd = c.head_dim(), kv = c.n_head_kv * hd;
  for (std::int64_t i = 0; i < c.n_layer; ++i) {
    const std::string p = "blk." + std::to_string(i) + ".";
    LlamaLayer L;
    L.attn_norm = norm(f, p + "attn_norm.weight", c.n_embd);
    L.ffn_norm = norm(f, p + "ffn_norm.weight", c.n_embd);
    L.wq = weight(f, p + "attn_q.weight", c.n_embd, c.n_head * hd);
    L.wk = weight(f, p + "attn_k.weight", c.n_embd, kv);
    L.wv = weight(f, p + "attn_v.weight", c.n_embd, kv);
    L.wo = weight(f, p + "attn_output.weight", c.n_head * hd, c.n_embd);
    L.gate = weight(f, p + "ffn_gate.weight", c.n_embd, c.n_ff);
    L.up = weight(f, p + "ffn_up.weight", c.n_embd, c.n_ff);
    L.down = weight(f, p + "ffn_down.weight", c.n_ff, c.n_embd);
    m.layers_.push_back(L);
  }
  m.output_norm_ = norm(f, "output_norm.weight", c.n_embd);
  m.output_ = f.find_tensor("output.weight") ? weight(f, "output.weight", c.n_embd, c.n_vocab) : m.token_embd_;
  return m;
}

std::uint64_t LlamaModel::streamed_bytes_per_token() const {
  std::uint64_t b = static_cast<std::uint64_t>(output_.bytes()) + static_cast<std::uint64_t>(config_.n_embd) * 4;
  for (const auto& L : layers_) {
    for (const auto* w : {&L.wq, &L.wk, &L.wv, &L.wo, &L.gate, &L.up, &L.down}) b += static_cast<std::uint64_t>(w->bytes());
    b += static_cast<std::uint64_t>(config_.n_embd) * 8;
  }
  return b;
}

// ----------------------------------------------------------------------------- session

LlamaSession::LlamaSession(const LlamaModel& model, std::int64_t max_tokens, unsigned threads)
    : model_(model), max_tokens_(max_tokens), pool_(std::make_unique<ThreadPool>(threads)) {
  const auto& c = model.config();
  const auto kv = static_cast<std::size_t>(c.n_head_kv * c.head_dim());
  k_cache_.resize(static_cast<std::size_t>(c.n_layer) * static_cast<std::size_t>(max_tokens) * kv);
  v_cache_.resize(k_cache_.size());
  const auto e = static_cast<std::size_t>(c.n_embd);
  x_.resize(e);
  xn_.resize(e);
  q_.resize(static_cast<std::size_t>(c.n_head * c.head_dim()));
  k_.resize(kv);
  v_.resize(kv);
  att_.resize(q_.size());
  gate_.resize(static_cast<std::size_t>(c.n_ff));
  up_.resize(gate_.size());
  ffn_.resize(e);
  logits_.resize(static_cast<std::size_t>(c.n_vocab));
  scores_.resize(static_cast<std::size_t>(c.n_head * max_tokens));
}

// Attention of every q-head at `pos` over cache positions 0..pos of `layer`.
void LlamaSession::attention(std::int64_t layer, std::int64_t pos, const float* q, float* out) {
  const auto& c = model_.config();
  const std::int64_t hd = c.head_dim(), kvw = c.n_head_kv * hd, group = c.n_head / c.n_head_kv;
  const std::uint16_t* K = k_cache_.data() + layer * max_tokens_ * kvw;
  const std::uint16_t* V = v_cache_.data() + layer * max_tokens_ * kvw;
  const float kq_scale = 1.0f / std::sqrt(static_cast<float>(hd));
  pool_->parallel_for(c.n_head, [&](std::int64_t h0, std::int64_t h1) {
    for (std::int64_t h = h0; h < h1; ++h) {
      const std::int64_t kvh = h / group;  // consecutive q-heads share a kv-head (HF repeat_kv)
      const float* qh = q + h * hd;
      float* s = scores_.data() + h * max_tokens_;
      float mx = -INFINITY;
      for (std::int64_t t = 0; t <= pos; ++t) {
        const std::uint16_t* k = K + t * kvw + kvh * hd;
        float d = 0.f;
        for (std::int64_t i = 0; i < hd; ++i) d += qh[i] * fp16_to_fp32(k[i]);
        s[t] = d * kq_scale;
        mx = std::max(mx, s[t]);
      }
      float sum = 0.f;
      for (std::int64_t t = 0; t <= pos; ++t) {
        s[t] = std::exp(s[t] - mx);
        sum += s[t];
      }
      const float inv = 1.0f / sum;
      float* o = out + h * hd;
      for (std::int64_t i = 0; i < hd; ++i) o[i] = 0.f;
      for (std::int64_t t = 0; t <= pos; ++t) {
        const std::uint16_t* v = V + t * kvw + kvh * hd;
        const float p = s[t] * inv;
        for (std::int64_t i = 0; i < hd; ++i) o[i] += p * fp16_to_fp32(v[i]);
      }
    }
  });
}

const std::vector<float>& LlamaSession::forward(int token) {
  const auto& c = model_.config();
  if (token < 0 || token >= c.n_vocab) throw std::out_of_range("token id " + std::to_string(token) + " out of range");
  if (pos_ >= max_tokens_) throw std::length_error("KV cache full (" + std::to_string(max_tokens_) + " tokens)");
  const std::int64_t kvw = c.n_head_kv * c.head_dim();
  const auto& E = model_.token_embd();
  dequantize_row(E.type, E.data + token * E.row_bytes(), x_.data(), c.n_embd);
  ThreadPool* pool = pool_.get();
  for (std::int64_t l = 0; l < c.n_layer; ++l) {
    const auto& L = model_.layers()[static_cast<std::size_t>(l)];
    rmsnorm(x_.data(), L.attn_norm, xn_.data(), c.n_embd, c.eps);
    matvec_fused(L.wq, xn_.data(), q_.data(), pool, &dispatch_);
    matvec_fused(L.wk, xn_.data(), k_.data(), pool, &dispatch_);
    matvec_fused(L.wv, xn_.data(), v_.data(), pool, &dispatch_);
    rope_norm(q_.data(), c.n_head, c.head_dim(), c.n_rot, pos_, c.freq_base);
    rope_norm(k_.data(), c.n_head_kv, c.head_dim(), c.n_rot, pos_, c.freq_base);
    std::uint16_t* kc = k_cache_.data() + (l * max_tokens_ + pos_) * kvw;
    std::uint16_t* vc = v_cache_.data() + (l * max_tokens_ + pos_) * kvw;
    for (std::int64_t i = 0; i < kvw; ++i) {
      kc[i] = fp32_to_fp16(k_[static_cast<std::size_t>(i)]);
      vc[i] = fp32_to_fp16(v_[static_cast<std::size_t>(i)]);
    }
    attention(l, pos_, q_.data(), att_.data());
    matvec_fused(L.wo, att_.data(), ffn_.data(), pool, &dispatch_);
    for (std::int64_t i = 0; i < c.n_embd; ++i) x_[static_cast<std::size_t>(i)] += ffn_[static_cast<std::size_t>(i)];
    rmsnorm(x_.data(), L.ffn_norm, xn_.data(), c.n_embd, c.eps);
    matvec_fused(L.gate, xn_.data(), gate_.data(), pool, &dispatch_);
    matvec_fused(L.up, xn_.data(), up_.data(), pool, &dispatch_);
    for (std::int64_t i = 0; i < c.n_ff; ++i) {
      gate_[static_cast<std::size_t>(i)] = silu(gate_[static_cast<std::size_t>(i)]) * up_[static_cast<std::size_t>(i)];
    }
    matvec_fused(L.down, gate_.data(), ffn_.data(), pool, &dispatch_);
    for (std::int64_t i = 0; i < c.n_embd; ++i) x_[static_cast<std::size_t>(i)] += ffn_[static_cast<std::size_t>(i)];
  }
  rmsnorm(x_.data(), model_.output_norm(), xn_.data(), c.n_embd, c.eps);
  matvec_fused(model_.output(), xn_.data(), logits_.data(), pool, &dispatch_);
  ++pos_;
  return logits_;
}

std::vector<int> LlamaSession::generate(const std::vector<int>& prompt, int n_gen) {
  if (prompt.empty()) throw std::invalid_argument("generate: empty prompt");
  std::vector<int> out;
  const std::vector<float>* logits = nullptr;
  for (int t : prompt) logits = &forward(t);
  for (int i = 0; i < n_gen; ++i) {
    const int next = argmax(*logits);
    out.push_back(next);
    if (i + 1 < n_gen) logits = &forward(next);
  }
  return out;
}

std::vector<float> LlamaSession::forward_full(const std::vector<int>& tokens) {
  const auto& c = model_.config();
  const auto n = static_cast<std::int64_t>(tokens.size());
  if (n == 0 || n > max_tokens_) throw std::invalid_argument("forward_full: bad sequence length");
  const std::int64_t kvw = c.n_head_kv * c.head_dim();
  const auto e = static_cast<std::size_t>(c.n_embd);
  std::vector<float> X(static_cast<std::size_t>(n) * e), XN(e), Q(static_cast<std::size_t>(n) * q_.size()),
      A(q_.size()), tmp(e), G(gate_.size()), U(up_.size());
  const auto& E = model_.token_embd();
  for (std::int64_t p = 0; p < n; ++p) {
    dequantize_row(E.type, E.data + tokens[static_cast<std::size_t>(p)] * E.row_bytes(), X.data() + p * c.n_embd, c.n_embd);
  }
  ThreadPool* pool = pool_.get();
  pos_ = 0;  // the cache is rebuilt here, layer-major instead of token-major
  for (std::int64_t l = 0; l < c.n_layer; ++l) {
    const auto& L = model_.layers()[static_cast<std::size_t>(l)];
    for (std::int64_t p = 0; p < n; ++p) {  // all projections first
      rmsnorm(X.data() + p * c.n_embd, L.attn_norm, XN.data(), c.n_embd, c.eps);
      float* q = Q.data() + p * static_cast<std::int64_t>(q_.size());
      matvec_fused(L.wq, XN.data(), q, pool, &dispatch_);
      matvec_fused(L.wk, XN.data(), k_.data(), pool, &dispatch_);
      matvec_fused(L.wv, XN.data(), v_.data(), pool, &dispatch_);
      rope_norm(q, c.n_head, c.head_dim(), c.n_rot, p, c.freq_base);
      rope_norm(k_.data(), c.n_head_kv, c.head_dim(), c.n_rot, p, c.freq_base);
      std::uint16_t* kc = k_cache_.data() + (l * max_tokens_ + p) * kvw;
      std::uint16_t* vc = v_cache_.data() + (l * max_tokens_ + p) * kvw;
      for (std::int64_t i = 0; i < kvw; ++i) {
        kc[i] = fp32_to_fp16(k_[static_cast<std::size_t>(i)]);
        vc[i] = fp32_to_fp16(v_[static_cast<std::size_t>(i)]);
      }
    }
    for (std::int64_t p = 0; p < n; ++p) {  // then causal attention and the FFN per position
      float* x = X.data() + p * c.n_embd;
      attention(l, p, Q.data() + p * static_cast<std::int64_t>(q_.size()), A.data());
      matvec_fused(L.wo, A.data(), tmp.data(), pool, &dispatch_);
      for (std::size_t i = 0; i < e; ++i) x[i] += tmp[i];
      rmsnorm(x, L.ffn_norm, XN.data(), c.n_embd, c.eps);
      matvec_fused(L.gate, XN.data(), G.data(), pool, &dispatch_);
      matvec_fused(L.up, XN.data(), U.data(), pool, &dispatch_);
      for (std::size_t i = 0; i < G.size(); ++i) G[i] = silu(G[i]) * U[i];
      matvec_fused(L.down, G.data(), tmp.data(), pool, &dispatch_);
      for (std::size_t i = 0; i < e; ++i) x[i] += tmp[i];
    }
  }
  rmsnorm(X.data() + (n - 1) * c.n_embd, model_.output_norm(), XN.data(), c.n_embd, c.eps);
  std::vector<float> logits(logits_.size());
  matvec_fused(model_.output(), XN.data(), logits.data(), pool, &dispatch_);
  pos_ = n;
  return logits;
}

}  // namespace quant
