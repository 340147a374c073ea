// Interleaved timing, the JavaScript twin of airid's Paired harness: after a warm-up, batches of the floor and of each
// operation alternate (forward, then backward), and each operation's ratio to the floor is taken per round.
const ROUNDS = 40;
const BATCH_NS = 20_000_000n;

function time(fn, n) {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  let sink;
  for (let i = 0; i < n; i++) sink = fn();
  const wall = Number(process.hrtime.bigint() - start);
  const used = process.cpuUsage(cpu);
  globalThis.__sink = sink;
  return { wall, cpu: (used.user + used.system) * 1000 };
}

function quartiles(values) {
  const v = [...values].sort((a, b) => a - b);
  return { median: v[Math.floor(v.length / 2)], p25: v[Math.floor(v.length / 4)], p75: v[Math.floor((3 * v.length) / 4)] };
}

/** Runs floor and ops interleaved; returns per-op median µs (wall) and wall ratios to the floor. */
export function pairedRun(floor, ops, warmupMs) {
  const sides = [['floor', floor], ...Object.entries(ops)];
  const end = Date.now() + warmupMs;
  while (Date.now() < end) for (const [, fn] of sides) time(fn, 5);
  let slowest = 1;
  for (const [, fn] of sides) slowest = Math.max(slowest, time(fn, 10).wall / 10);
  const batch = Math.max(1, Math.min(100000, Math.floor(Number(BATCH_NS) / slowest)));
  const walls = sides.map(() => []);
  const ratios = sides.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? sides.map((_, i) => i) : sides.map((_, i) => sides.length - 1 - i);
    const t = [];
    for (const i of order) t[i] = time(sides[i][1], batch);
    for (let i = 0; i < sides.length; i++) {
      walls[i].push(t[i].wall / batch / 1000);
      ratios[i].push(t[i].wall / t[0].wall);
    }
  }
  const out = { floor_us: quartiles(walls[0]).median };
  sides.forEach(([name], i) => {
    if (i > 0) out[name] = { us: quartiles(walls[i]).median, ratio: quartiles(ratios[i]) };
  });
  return out;
}
