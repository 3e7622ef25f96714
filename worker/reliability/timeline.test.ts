import { lagChart, Timeline } from './timeline';

describe('lagChart', () => {
  it('draws the highest lag of each column against the peak, ? where Kafka did not answer, ^ under events', () => {
    const timeline = new Timeline(() => undefined);
    timeline.samples.push(
      { at: 0, lag: 0, worker: undefined },
      { at: 1, lag: 40, worker: undefined },
      { at: 2, lag: undefined, worker: undefined },
      { at: 3, lag: 80, worker: undefined },
    );
    timeline.events.push({ at: 1, what: 'broker 1 stops' });
    expect(lagChart(timeline, 4)).toEqual([
      'lag (input records not committed), peak 80, over 3 s:',
      '| ▄?█|',
      '| ^  | ^ = fault or recovery event',
    ]);
  });
});
