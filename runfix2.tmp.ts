import { hostileFixtures } from './fixtures/hostile/index.ts';
const f = await hostileFixtures['sse-crlf'].start();
console.log(f.url);
setInterval(() => {}, 1000);
