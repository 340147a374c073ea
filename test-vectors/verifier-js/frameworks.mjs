// spec/frameworks.md §10, written independently of the Java integrations: the declaration that an OpenAI Chat
// Completions request body determines, plus what the wire does not carry (provider, retrieved context, parents).
import { createHash } from 'node:crypto';

const TYPE = 'https://airid.dev/ai-run-declaration/v1';
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

export function declarationOfRequest(request, { provider, context, parents } = {}) {
  const d = { _type: TYPE, model: { name: request.model } };
  if (provider) d.model.provider = provider;
  const p = parameters(request);
  if (Object.keys(p).length > 0) d.parameters = p;
  const instructions = [];
  const inputs = [];
  const toolNames = new Map();
  for (const m of request.messages) {
    if (m.role === 'system') {
      (inputs.length === 0 ? instructions : inputs).push({ role: 'system', content: text(m.content) });
    } else if (m.role === 'user') {
      const item = { role: 'user' };
      if (typeof m.name === 'string') item.name = m.name;
      item.content = Array.isArray(m.content) ? m.content.map(userPart) : m.content;
      inputs.push(item);
    } else if (m.role === 'assistant') {
      const t = typeof m.content === 'string' ? m.content : null;
      if (!Array.isArray(m.tool_calls) || m.tool_calls.length === 0) {
        inputs.push({ role: 'assistant', content: t ?? '' });
      } else {
        const parts = [];
        if (t) parts.push({ type: 'text', content: t });
        for (const c of m.tool_calls) {
          toolNames.set(c.id, c.function.name);
          const args = typeof c.function.arguments === 'string' && c.function.arguments.trim() !== '' ? c.function.arguments : '{}';
          parts.push({ type: 'tool_call', id: c.id, name: c.function.name, content: args });
        }
        inputs.push({ role: 'assistant', content: parts });
      }
    } else if (m.role === 'tool') {
      const item = { role: 'tool', toolCallId: m.tool_call_id };
      if (toolNames.has(m.tool_call_id)) item.name = toolNames.get(m.tool_call_id);
      item.content = text(m.content);
      inputs.push(item);
    } else {
      throw new Error(`unexpected role ${m.role}`);
    }
  }
  if (instructions.length) d.instructions = instructions;
  if (inputs.length) d.inputs = inputs;
  if (context && context.length) d.context = context;
  if (Array.isArray(request.tools) && request.tools.length) {
    d.tools = request.tools.map(({ function: f }) => {
      const t = { name: f.name };
      if (typeof f.description === 'string') t.description = f.description;
      if (f.parameters !== undefined) t.inputSchema = f.parameters;
      return t;
    });
  }
  if (parents && parents.length) d.parents = parents;
  return d;
}

function parameters(r) {
  const p = {};
  for (const n of ['temperature', 'top_p', 'frequency_penalty', 'presence_penalty']) {
    if (typeof r[n] === 'number') p[n] = r[n];
  }
  if (typeof r.max_completion_tokens === 'number') p.max_tokens = r.max_completion_tokens;
  else if (typeof r.max_tokens === 'number') p.max_tokens = r.max_tokens;
  if (typeof r.stop === 'string') p.stop_sequences = [r.stop];
  else if (Array.isArray(r.stop) && r.stop.length) p.stop_sequences = r.stop;
  if (typeof r.seed === 'number') p.seed = BigInt(r.seed).toString();
  const rf = r.response_format;
  if (rf && rf.type === 'json_object') p.output_type = 'json';
  if (rf && rf.type === 'json_schema') {
    p.output_type = 'json';
    if (rf.json_schema && rf.json_schema.schema !== undefined) p.output_schema = rf.json_schema.schema;
  }
  if (typeof r.tool_choice === 'string') p.tool_choice = r.tool_choice;
  else if (r.tool_choice && r.tool_choice.function) p.tool_choice = { name: r.tool_choice.function.name };
  for (const n of ['parallel_tool_calls', 'reasoning_effort', 'logit_bias', 'n']) {
    if (r[n] !== undefined && r[n] !== null) p[n] = r[n];
  }
  return p;
}

function userPart(part) {
  if (part.type === 'text') return { type: 'text', content: part.text };
  if (part.type === 'image_url') {
    const { url, detail } = part.image_url;
    const out = { type: 'image' };
    if (url.startsWith('data:')) {
      const comma = url.indexOf(',');
      out.mediaType = url.slice(5, url.indexOf(';'));
      out.digest = { sha256: sha256(Buffer.from(url.slice(comma + 1), 'base64')) };
    } else {
      out.uri = url;
    }
    if (typeof detail === 'string' && detail !== 'auto') out.detail = detail;
    return out;
  }
  throw new Error(`unexpected part type ${part.type}`);
}

function text(content) {
  if (Array.isArray(content)) return content.map((p) => p.text).join('');
  return typeof content === 'string' ? content : '';
}
