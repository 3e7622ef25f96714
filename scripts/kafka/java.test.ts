import { parseJavaMajorVersion, requireJava } from './java';

describe('java version', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
  ])('reads %s as Java %d', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('gives up on output without a version', () => {
    expect(parseJavaMajorVersion('command not found')).toBeUndefined();
  });

  it('explains that Java 17+ is needed when java is missing', async () => {
    await expect(requireJava({ JAVA_HOME: '/nonexistent/jdk' })).rejects.toThrow(
      /Java 17\+ is required to run the local Kafka broker, but \/nonexistent\/jdk\/bin\/java was not found/,
    );
  });
});
