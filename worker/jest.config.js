/** @type {import('jest').Config} */
module.exports = {
  // `npm test -w worker`: the fast unit tests and the broker stories, as two projects.
  projects: ['<rootDir>/jest.unit.config.js', '<rootDir>/jest.stories.config.js'],
};
