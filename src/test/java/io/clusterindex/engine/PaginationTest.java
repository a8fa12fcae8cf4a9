package io.clusterindex.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaginationTest {

    @Test
    void middlePageLinksBothWays() {
        assertThat(Pagination.of(137, 10, 20)).isEqualTo(new Pagination(137, 3, 10, 14,
                "/v1/clusters/list?limit=10&offset=30", "/v1/clusters/list?limit=10&offset=10"));
    }

    @Test
    void firstPageHasNoPreviousPage() {
        assertThat(Pagination.of(25, 10, 0)).isEqualTo(new Pagination(25, 1, 10, 3,
                "/v1/clusters/list?limit=10&offset=10", null));
    }

    @Test
    void lastPageHasNoNextPage() {
        assertThat(Pagination.of(25, 10, 20)).isEqualTo(new Pagination(25, 3, 10, 3, null,
                "/v1/clusters/list?limit=10&offset=10"));
        assertThat(Pagination.of(30, 10, 20).nextPage()).isNull();
    }

    @Test
    void anOffsetThatIsNotAMultipleOfTheLimitRoundsThePageDownAndClampsThePreviousOffset() {
        Pagination pagination = Pagination.of(100, 10, 5);
        assertThat(pagination.page()).isEqualTo(1);
        assertThat(pagination.previousPage()).isEqualTo("/v1/clusters/list?limit=10&offset=0");
        assertThat(pagination.nextPage()).isEqualTo("/v1/clusters/list?limit=10&offset=15");
        assertThat(Pagination.of(100, 10, 15).page()).isEqualTo(2);
    }

    @Test
    void emptyResultHasNoPagesAndNoLinks() {
        assertThat(Pagination.of(0, 10, 0)).isEqualTo(new Pagination(0, 1, 10, 0, null, null));
    }

    @Test
    void anOffsetBeyondTheTotalStillLinksBack() {
        assertThat(Pagination.of(5, 10, 50)).isEqualTo(new Pagination(5, 6, 10, 1, null,
                "/v1/clusters/list?limit=10&offset=40"));
    }

    @Test
    void totalPagesRoundsUp() {
        assertThat(Pagination.of(1, 1000, 0).totalPages()).isEqualTo(1);
        assertThat(Pagination.of(1001, 1000, 0).totalPages()).isEqualTo(2);
        assertThat(Pagination.of(1000, 1000, 0).totalPages()).isEqualTo(1);
    }

    @Test
    void rejectsAnImpossibleLimit() {
        assertThatThrownBy(() -> Pagination.of(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
