// Reading EXPLAIN (FORMAT JSON) plans in plan tests.

// Every node of a plan, depth first.
export function planNodes(node: any): any[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

// The plan as indented lines, for the test's output (and a report): node, index, relation, rows.
export function planText(node: any, depth = 0): string {
  const line = `${'  '.repeat(depth)}${node['Node Type']}${node['Scan Direction'] === 'Backward' ? ' Backward' : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''} (rows=${node['Plan Rows']}${node['Actual Rows'] !== undefined ? `, actual ${node['Actual Rows']}` : ''})`;
  return [line, ...(node.Plans ?? []).map((p: any) => planText(p, depth + 1))].join('\n');
}
