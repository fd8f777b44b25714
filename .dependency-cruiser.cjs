// The layer rule of cadre (README "Architecture"), checked by `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-is-the-kernel",
      comment:
        "src/core names no service, platform, scheduler, database, command or app module: it reaches them through ports.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^(src/(services|platforms|scheduler|db|config|tools|generated|app|main)|commands)" },
    },
    {
      name: "services-know-no-platform",
      comment: "src/services own the domain: no platform, scheduler, command or app code.",
      severity: "error",
      from: { path: "^src/services/" },
      to: { path: "^(src/(platforms|scheduler|app|main|tools)|commands)" },
    },
    {
      name: "commands-call-services",
      comment: "commands/ declare options and call services: no platform, database or scheduler code.",
      severity: "error",
      from: { path: "^commands/" },
      to: { path: "^src/(platforms|db|scheduler|generated|app|main)" },
    },
    {
      name: "platforms-only-translate",
      comment: "src/platforms reach the database only through services.",
      severity: "error",
      from: { path: "^src/platforms/" },
      to: { path: "^src/(db|generated)" },
    },
    {
      name: "no-cycles",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
      extensions: [".ts", ".js", ".mjs"],
    },
  },
};
