// Writes ../frameworks/*.json: for each case, the OpenAI request body the frameworks send, the declaration that
// spec/frameworks.md assigns to it (computed here, by frameworks.mjs), its canonical bytes and its identity.
// The Java conformance test drives LangChain4j and Spring AI to make the same call and checks both against these.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { declarationOfRequest } from './frameworks.mjs';
import { canonicalBytes, PREFIX, sha256Hex } from './identity.mjs';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10, 0, 0, 0, 13]).toString('base64');
const WEATHER = {
  type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'],
};

const cases = [
  {
    name: 'plain-chat',
    description: 'A system and a user message with temperature, top_p, max_tokens, one stop sequence, seed and both penalties.',
    request: {
      model: 'gpt-4o',
      messages: [{ role: 'system', content: 'You translate into French.' }, { role: 'user', content: 'Hello, world ✓' }],
      temperature: 0.2, top_p: 0.9, stream: false, stop: ['END'], max_tokens: 120, presence_penalty: -0.25,
      frequency_penalty: 0.5, seed: 4242,
    },
  },
  {
    name: 'tool-loop-first-call',
    description: 'The first model call of a tool loop: a question and one tool definition; the model answers with a tool call.',
    request: {
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
      temperature: 0, stream: false,
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather in a city', parameters: WEATHER } }],
    },
  },
  {
    name: 'tool-loop-second-call',
    description: 'The second model call of a tool loop: the question, the assistant\'s tool call and the tool result, with the tool definition.',
    request: {
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'call_1', content: 'Sunny, 24 °C' },
      ],
      temperature: 0, stream: false,
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Current weather in a city', parameters: WEATHER } }],
    },
  },
  {
    name: 'rag',
    description: 'A call with one retrieved document: declared as context, and its text injected into the user message.',
    request: {
      model: 'gpt-4o',
      messages: [
        { role: 'system', content: 'Answer from the context.' },
        { role: 'user', content: 'How do I check a provenance file?\n\nContext:\nProvenance files verify offline with airid verify.' },
      ],
      stream: false,
    },
    context: [{ source: 'https://airid.dev/docs/verify', content: 'Provenance files verify offline with airid verify.' }],
  },
  {
    name: 'multi-part',
    description: 'A user message of a text part, an image by URL and an inline image (declared by digest, never embedded).',
    request: {
      model: 'gpt-4o',
      messages: [{
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these pictures?' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'auto' } },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG}`, detail: 'auto' } },
        ],
      }],
      stream: false,
    },
  },
];

const dir = new URL('../frameworks/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) rmSync(new URL(f, dir));
for (const c of cases) {
  const declaration = JSON.stringify(declarationOfRequest(c.request, { provider: 'openai', context: c.context, parents: c.parents }));
  const canonical = canonicalBytes(declaration);
  const v = { name: c.name, description: c.description, provider: 'openai', request: c.request };
  if (c.context) v.context = c.context;
  if (c.parents) v.parents = c.parents;
  Object.assign(v, { declaration, canonical_hex: canonical.toString('hex'), identity: PREFIX + sha256Hex(canonical) });
  writeFileSync(new URL(`${c.name}.json`, dir), JSON.stringify(v, null, 2) + '\n');
}
console.log(`wrote ${cases.length} vectors`);
