// `koa2` is an npm alias of koa@2, installed only to run the conformance suite on Koa 2; Koa 2 ships no
// types of its own, and its API as the suite uses it is the one @types/koa describes.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
