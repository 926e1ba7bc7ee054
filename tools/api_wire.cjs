// The wire-level diff of OpenAPI documents, by api-smart-diff (a maintained differ that resolves
// $refs and classifies every change). Reads [[before, after], ...] as JSON on stdin and writes, for
// each pair, the list of {type, action, path, before, after} as JSON on stdout. tools/api_wire.py
// groups and prints them.
"use strict";
const { apiCompare } = require("api-smart-diff");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const pairs = JSON.parse(input);
  const result = pairs.map(([before, after]) =>
    apiCompare(before, after).diffs.map(({ type, action, path, before, after }) => ({
      type,
      action,
      path,
      before,
      after,
    })),
  );
  process.stdout.write(JSON.stringify(result));
});
