// Preload for a child `node`: at exit, writes the Node built-ins the process loaded (one per line)
// to the file named by MCP_DOCTOR_TEST_BUILTINS.
process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.MCP_DOCTOR_TEST_BUILTINS, process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).join('\n'));
});
