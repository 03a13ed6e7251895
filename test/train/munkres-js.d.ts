// munkres-js ships no types; the tests use it as the reference assignment solver.
declare module 'munkres-js' {
  function munkres(cost: number[][]): [number, number][];
  export default munkres;
}
