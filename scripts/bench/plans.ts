/**
 * BENCH_PLANS=1: the plan of every statement the hot paths send, as PostgreSQL
 * executed it (EXPLAIN ANALYZE, BUFFERS), to see whether any of them reads
 * more rows when the tables hold more users and events.
 *
 * PostgreSQL's own auto_explain module writes the plans: the bench database
 * loads it for every new connection (session_preload_libraries) and sends each
 * plan to the client as a NOTICE, which the app ignores and the SQL proxy
 * collects (sql-counter.ts). Nothing in the app changes, and the plans are the
 * ones of the app's real statements with their real parameters.
 */
/** For ALTER DATABASE ... SET: run before the app opens its first connection. */
export const AUTO_EXPLAIN_SETTINGS: Record<string, string> = {
  session_preload_libraries: "auto_explain",
  "auto_explain.log_min_duration": "0",
  "auto_explain.log_analyze": "on",
  "auto_explain.log_buffers": "on",
  // Per-node timing would cost more than the statements themselves; rows and buffers are what is compared.
  "auto_explain.log_timing": "off",
  "auto_explain.log_format": "json",
  "auto_explain.log_level": "notice",
};

type PlanNode = {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
};

export type ExecutedPlan = { query: string; rowsRead: number; blocks: number; scans: string[]; seqScans: string[] };

const SCAN = /Scan$/;

/** Rows the scans looked at, kept or filtered away: what grows if a statement depends on the table's size. */
function walk(node: PlanNode, plan: ExecutedPlan): void {
  if (SCAN.test(node["Node Type"]) && node["Node Type"] !== "CTE Scan" && node["Node Type"] !== "Function Scan") {
    const loops = node["Actual Loops"] ?? 1;
    const examined = (node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0);
    plan.rowsRead += examined * loops;
    const target = node["Index Name"] ?? node["Relation Name"] ?? "?";
    plan.scans.push(`${node["Node Type"]} ${target}`);
    if (node["Node Type"] === "Seq Scan") plan.seqScans.push(node["Relation Name"] ?? "?");
  }
  for (const child of node.Plans ?? []) walk(child, plan);
}

/** One auto_explain notice: "duration: 0.041 ms  plan:\n{ "Query Text": ..., "Plan": {...} }". */
export function parsePlanNotice(message: string): ExecutedPlan | undefined {
  const start = message.indexOf("{");
  if (!message.startsWith("duration:") || start === -1) return undefined;
  const explained = JSON.parse(message.slice(start)) as { "Query Text": string; Plan: PlanNode };
  const top = explained.Plan;
  const plan: ExecutedPlan = {
    query: explained["Query Text"].replace(/\s+/g, " ").trim(),
    rowsRead: 0,
    // A node's buffer counts include its children's, so the top node holds the statement's.
    blocks: (top["Shared Hit Blocks"] ?? 0) + (top["Shared Read Blocks"] ?? 0),
    scans: [],
    seqScans: [],
  };
  walk(top, plan);
  return plan;
}

/** The plans of the measured requests' statements, one line per distinct statement. */
export function planReport(label: string, notices: readonly string[], operations: number): string {
  const groups = new Map<string, { count: number; rowsRead: number; blocks: number; scans: Set<string>; seqScans: Set<string> }>();
  for (const notice of notices) {
    const plan = parsePlanNotice(notice);
    if (!plan) continue;
    const group = groups.get(plan.query) ?? { count: 0, rowsRead: 0, blocks: 0, scans: new Set(), seqScans: new Set() };
    group.count++;
    group.rowsRead = Math.max(group.rowsRead, plan.rowsRead);
    group.blocks = Math.max(group.blocks, plan.blocks);
    for (const scan of plan.scans) group.scans.add(scan);
    for (const table of plan.seqScans) group.seqScans.add(table);
    groups.set(plan.query, group);
  }
  const lines = [`\n### ${label}: ${operations} operation(s), ${groups.size} distinct statement(s)\n`];
  lines.push("| per op | max rows read | max buffers | scans | statement |", "| ---: | ---: | ---: | --- | --- |");
  for (const [query, group] of groups) {
    const scans = [...group.scans].join(", ") || "none";
    const flag = group.seqScans.size > 0 ? ` **seq scan of ${[...group.seqScans].join(", ")}**` : "";
    const shown = query.length > 110 ? `${query.slice(0, 107)}...` : query;
    lines.push(
      `| ${(group.count / operations).toFixed(2)} | ${group.rowsRead} | ${group.blocks} | ${scans}${flag} | \`${shown.replace(/\|/g, "\\|")}\` |`,
    );
  }
  return lines.join("\n");
}
