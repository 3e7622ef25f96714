import { parseDependencyList } from './lock-artifacts';

describe('lock regeneration', () => {
  it('reads the jars Maven resolved, with their local files, and skips everything else', () => {
    const output = [
      '',
      'The following files have been resolved:',
      '   org.apache.kafka:kafka-server:jar:4.3.1:runtime:/home/u/.m2/repository/org/apache/kafka/kafka-server/4.3.1/kafka-server-4.3.1.jar',
      '   org.scala-lang:scala-library:jar:2.13.18:compile:/home/u/.m2/repository/org/scala-lang/scala-library/2.13.18/scala-library-2.13.18.jar',
      '   junit:junit:jar:4.13.2:test:/home/u/.m2/repository/junit/junit/4.13.2/junit-4.13.2.jar',
    ].join('\n');
    expect(parseDependencyList(output)).toEqual([
      {
        group: 'org.apache.kafka',
        artifact: 'kafka-server',
        version: '4.3.1',
        file: '/home/u/.m2/repository/org/apache/kafka/kafka-server/4.3.1/kafka-server-4.3.1.jar',
      },
      {
        group: 'org.scala-lang',
        artifact: 'scala-library',
        version: '2.13.18',
        file: '/home/u/.m2/repository/org/scala-lang/scala-library/2.13.18/scala-library-2.13.18.jar',
      },
    ]);
  });
});
