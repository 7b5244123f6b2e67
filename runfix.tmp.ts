import { hostileFixtures } from '/work/wt/issue-16/fixtures/hostile/index.ts';
const f = await hostileFixtures['endless-pagination'].start();
console.log(f.url);
process.on('SIGTERM', async () => { await f.stop(); process.exit(0); });
setInterval(() => {}, 1000);
