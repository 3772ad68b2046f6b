package dev.dispositions.gateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dispositions.gateway.config.GatewayProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
    private final List<List<Integer>> groups = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstMayFinish = new CountDownLatch(1);
    private final ExecutorService requests = Executors.newFixedThreadPool(12);
    private GroupCommit<Integer, String> commits;

    private GroupCommit<Integer, String> started(int maxRequests, java.util.function.Function<List<Integer>, List<String>> writer) {
        commits = new GroupCommit<>("test-group-commit",
                new GatewayProperties.GroupCommitSettings(maxRequests, Duration.ZERO, Duration.ofSeconds(10), 1), writer);
        commits.start();
        return commits;
    }

    /** Answers "answer-to-N" per input; the first group waits until the test lets it finish. */
    private List<String> slowFirstGroup(List<Integer> group) {
        groups.add(List.copyOf(group));
        if (groups.size() == 1) {
            try {
                firstMayFinish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return group.stream().map(i -> "answer-to-" + i).toList();
    }

    @AfterEach
    void stop() {
        firstMayFinish.countDown();
        commits.stop();
        requests.shutdownNow();
    }

    @Test
    void whatArrivesWhileACommitIsOnItsWayIsWrittenAsOneGroupAndEachGetsItsOwnAnswer() throws Exception {
        started(256, this::slowFirstGroup);
        Future<String> first = requests.submit(() -> commits.write(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> groups.size() == 1);
        List<Future<String>> later = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            int input = i;
            later.add(requests.submit(() -> commits.write(input)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 10);
        assertThat(first.isDone()).as("no answer before its commit").isFalse();

        firstMayFinish.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("answer-to-0");
        for (int i = 1; i <= 10; i++) {
            assertThat(later.get(i - 1).get(5, TimeUnit.SECONDS)).isEqualTo("answer-to-" + i);
        }
        assertThat(groups).hasSize(2);
        assertThat(groups.get(1)).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    }

    @Test
    void aGroupIsNeverLargerThanItsLimit() throws Exception {
        started(4, this::slowFirstGroup);
        requests.submit(() -> commits.write(0));
        await().atMost(Duration.ofSeconds(5)).until(() -> groups.size() == 1);
        List<Future<String>> later = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            int input = i;
            later.add(requests.submit(() -> commits.write(input)));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> commits.waiting() == 10);
        firstMayFinish.countDown();
        for (Future<String> f : later) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertThat(groups.subList(1, groups.size())).allSatisfy(g -> assertThat(g).hasSizeLessThanOrEqualTo(4));
        assertThat(groups.stream().mapToInt(List::size).sum()).isEqualTo(11);
    }

    @Test
    void aFailedCommitFailsEveryRequestInItAndTheNextGroupIsWrittenAsUsual() {
        started(256, group -> {
            if (group.contains(13)) {
                throw new org.springframework.dao.DataAccessResourceFailureException("the database is gone");
            }
            return group.stream().map(i -> "ok-" + i).toList();
        });
        assertThatThrownBy(() -> commits.write(13)).isInstanceOf(org.springframework.dao.DataAccessResourceFailureException.class);
        assertThat(commits.write(14)).isEqualTo("ok-14");
    }

    @Test
    void aRequestAfterStopIsToldToRetryAndNothingIsWritten() {
        started(256, this::slowFirstGroup);
        commits.stop();
        assertThatThrownBy(() -> commits.write(1)).isInstanceOf(GroupCommit.NotRunning.class);
        assertThat(groups).isEmpty();
    }

    @Test
    void severalWritersAnswerEveryRequestOnceAndAllEndWhenStopped() throws Exception {
        commits = new GroupCommit<>("test-group-commit", new GatewayProperties.GroupCommitSettings(8, Duration.ZERO, Duration.ofSeconds(10), 3),
                group -> {
                    groups.add(List.copyOf(group));
                    return group.stream().map(i -> "ok-" + i).toList();
                });
        commits.start();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int input = i;
            answers.add(requests.submit(() -> commits.write(input)));
        }
        for (int i = 0; i < 60; i++) {
            assertThat(answers.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("ok-" + i);
        }
        assertThat(groups.stream().mapToInt(List::size).sum()).as("each written once").isEqualTo(60);
        long stopping = System.nanoTime();
        commits.stop();
        assertThat(Duration.ofNanos(System.nanoTime() - stopping)).as("every writer took its end mark").isLessThan(Duration.ofSeconds(5));
        assertThatThrownBy(() -> commits.write(99)).isInstanceOf(GroupCommit.NotRunning.class);
    }
}
