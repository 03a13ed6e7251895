import { saveMlpModel } from './src/energy/network/save.ts';
const w = (i: number, o: number, s: number) => Float64Array.from({ length: i * o }, (_, k) => 0.5 * Math.sin(s + k));
saveMlpModel('/tmp/t/model', { layers: [
  { inDim: 2, outDim: 6, weight: w(2, 6, 1), bias: new Float64Array(6), activation: 'tanh' },
  { inDim: 6, outDim: 1, weight: w(6, 1, 2), bias: new Float64Array(1), activation: 'identity' }],
  regularizer: { lambda: 1, center: [0, 0] }, temperature: 1,
  sampling: { sampler: 'ula', stepSize: 0.05, steps: 40, init: 'normal:0,0.5', temperature: 0.7, particles: 300 } });
