import { arrivalsPerSecond, parseTime, parseTrafficProfile, ratePerSecond } from './traffic-profile';

describe('traffic profiles', () => {
  it('reads clock times and seconds; a rate holds until the next row and the last row ends the profile', () => {
    const profile = parseTrafficProfile('# a comment\ntime,messages_per_second\n00:00,2\n0:00:03,0\n5,0\n', 'csv');
    expect(profile).toEqual({
      points: [
        { startSecond: 0, messagesPerSecond: 2 },
        { startSecond: 3, messagesPerSecond: 0 },
      ],
      durationSeconds: 5,
    });
    expect(ratePerSecond(profile)).toEqual([2, 2, 2, 0, 0]);
  });

  it('reads the same profile as JSON', () => {
    const json = JSON.stringify([
      { time: '00:00', messagesPerSecond: 2 },
      { time: 3, messagesPerSecond: 0 },
      { time: '00:00:05', messagesPerSecond: 0 },
    ]);
    expect(ratePerSecond(parseTrafficProfile(json, 'json'))).toEqual([2, 2, 2, 0, 0]);
  });

  it('sends whole messages: a rate of 0.25 is one message every fourth second', () => {
    const profile = parseTrafficProfile('time,messages_per_second\n0,0.25\n8,0\n', 'csv');
    expect(arrivalsPerSecond(profile)).toEqual([0, 0, 0, 1, 0, 0, 0, 1]);
    expect(arrivalsPerSecond(parseTrafficProfile('time,messages_per_second\n0,2.5\n4,0\n', 'csv'))).toEqual([
      2, 3, 2, 3,
    ]);
  });

  it.each([
    ['time,rate\n0,1\n1,0\n', 'sample.csv: expected the header "time,messages_per_second"'],
    ['time,messages_per_second\n0,1\n01:75,0\n', 'sample.csv: line 3: time "01:75" is not seconds or HH:MM[:SS]'],
    ['time,messages_per_second\n0,-1\n10,0\n', 'sample.csv: line 2: messages per second "-1" is not a number ≥ 0'],
    ['time,messages_per_second\n0,1\n10,0\n10,0\n', 'sample.csv: line 4: time 10 does not come after the row before'],
    ['time,messages_per_second\n5,1\n10,0\n', 'sample.csv: the first row must be at time 0, not 5 s'],
    ['time,messages_per_second\n0,1\n', 'sample.csv: needs at least two rows: a rate and the time the profile ends'],
    ['time,messages_per_second\n0,1,2\n1,0\n', 'sample.csv: line 2: expected two fields, time and messages per second'],
  ])('names the problem in %j', (text, message) => {
    expect(() => parseTrafficProfile(text, 'csv', 'sample.csv')).toThrow(message);
  });

  it('names a JSON point without a rate', () => {
    expect(() => parseTrafficProfile('[{"time": 0}]', 'json', 'day.json')).toThrow(/^day\.json: expected \[/);
  });

  it('parses times up to 24:00 and refuses what is not a time', () => {
    expect(parseTime('24:00')).toBe(86_400);
    expect(parseTime('7:05:09')).toBe(25_509);
    expect(parseTime('90')).toBe(90);
    expect(parseTime('noon')).toBeUndefined();
  });
});
