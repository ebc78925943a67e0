package io.a2ebatch.benchmarks.suite;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs JMH benchmarks from the suite with the mode's forks and iterations (overriding the annotations,
 * which are the defaults for {@code java -jar benchmarks.jar}) and returns their scores by method and
 * parameters, e.g. {@code detail[server=simulator]}.
 */
final class Jmh {

    /**
     * One benchmark's score.
     *
     * @param score the mean
     * @param error half the 99.9 % confidence interval, NaN when there are too few samples
     */
    record Score(double score, double error) {
    }

    private Jmh() {
    }

    /** Runs the benchmarks of {@code benchmarkClass}, with {@code params} overriding its {@code @Param}s. */
    static Map<String, Score> run(Class<?> benchmarkClass, SuiteMode mode, Map<String, String> params)
            throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("^" + benchmarkClass.getName().replace(".", "\\.") + "\\.")
                .forks(mode.jmhForks())
                .warmupIterations(mode.jmhWarmups())
                .warmupTime(TimeValue.milliseconds(mode.jmhIterationTime().toMillis()))
                .measurementIterations(mode.jmhIterations())
                .measurementTime(TimeValue.milliseconds(mode.jmhIterationTime().toMillis()))
                .shouldFailOnError(true);
        params.forEach(options::param);
        Collection<RunResult> results = new Runner(options.build()).run();
        Map<String, Score> scores = new LinkedHashMap<>();
        for (RunResult result : results) {
            String method = result.getParams().getBenchmark();
            method = method.substring(method.lastIndexOf('.') + 1);
            Map<String, String> keys = new TreeMap<>();
            for (String key : result.getParams().getParamsKeys()) {
                keys.put(key, result.getParams().getParam(key));
            }
            Result<?> primary = result.getPrimaryResult();
            scores.put(key(method, keys), new Score(primary.getScore(), primary.getScoreError()));
        }
        return scores;
    }

    /** {@code method} or {@code method[a=1,b=2]}. */
    static String key(String method, Map<String, String> params) {
        if (params.isEmpty()) {
            return method;
        }
        StringBuilder key = new StringBuilder(method).append('[');
        params.forEach((k, v) -> key.append(k).append('=').append(v).append(','));
        key.setLength(key.length() - 1);
        return key.append(']').toString();
    }

    /** The score of one benchmark, or a clear failure when JMH did not produce it. */
    static Score require(Map<String, Score> scores, String key) {
        Score score = scores.get(key);
        if (score == null) {
            throw new IllegalStateException("JMH produced no result for " + key + "; results: " + scores.keySet());
        }
        return score;
    }
}
