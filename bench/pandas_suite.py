"""The baseline: the suite as a competent notebook analyst writes it in pandas.

Read the needed columns of each table into pandas (`con.execute(...).df()`), put every fact
into its local month, then groupby / merge. Same semantics as the contract: local months of the
workspace time zone, acquisition-channel attribution, stocks at month end, null ratios when
the denominator is zero.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd
from suite import CHANNEL_KPIS, NO_CHANNEL, OVERALL_KPIS, Window, long_frame

KEYS = ["month", "channel"]


def run_pandas(con: duckdb.DuckDBPyConnection, window: Window) -> pd.DataFrame:
    """The whole suite from the warehouse behind `con`, in the common long shape."""

    def read(sql: str) -> pd.DataFrame:
        return con.execute(sql).df()

    analyst = Analyst(window)
    by_channel = analyst.by_channel(read)
    overall = analyst.overall(read)
    return pd.concat(
        [
            long_frame(by_channel, CHANNEL_KPIS, by_channel=True),
            long_frame(overall, OVERALL_KPIS, by_channel=False),
        ],
        ignore_index=True,
    )


def div(a: pd.Series, b: pd.Series) -> pd.Series:
    """a / b, NaN where b is zero or missing."""
    return a.astype("float64") / b.astype("float64").where(b != 0)


class Analyst:
    """The notebook: helpers for local months and windows, then one cell per table."""

    def __init__(self, window: Window) -> None:
        self.w = window
        self.tz = window.timezone
        self.start = pd.Timestamp(window.first, tz=self.tz)
        self.prev_start = pd.Timestamp(window.previous, tz=self.tz)
        self.end = pd.Timestamp(window.after, tz=self.tz)  # exclusive
        self.first_month = pd.Period(window.first, "M")
        self.months = pd.period_range(window.previous, window.last, freq="M")

    def month(self, instants: pd.Series) -> pd.Series:
        """Local month of UTC instants."""
        return instants.dt.tz_convert(self.tz).dt.tz_localize(None).dt.to_period("M")

    def in_window(
        self,
        df: pd.DataFrame,
        column: str,
        since: pd.Timestamp | None = None,
    ) -> pd.DataFrame:
        """Rows whose instant falls in the window, with their local month."""
        at = df[column]
        df = df[(at >= (since if since is not None else self.start)) & (at < self.end)].copy()
        df["month"] = self.month(df[column])
        return df

    # -- by channel ---------------------------------------------------------------------------

    def by_channel(self, read: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
        customers = read("SELECT customer_id, acquired_at, churned_at, channel FROM customers")
        customers["channel"] = customers["channel"].fillna(NO_CHANNEL)
        parts = [
            self.spend(read("SELECT date, channel, cost, impressions, clicks FROM spend")),
            self.sessions(read("SELECT started_at, channel, visitor_id FROM sessions")),
            self.leads(read("SELECT created_at, mql_at, sql_at, channel FROM leads")),
            self.customers(customers),
            self.orders(
                read("SELECT customer_id, ordered_at, amount, cost FROM orders"), customers
            ),
            self.nps(read("SELECT customer_id, responded_at, score FROM nps_responses"), customers),
            self.email(
                read(
                    "SELECT email_campaign, recipient_id, event, occurred_at, channel "
                    "FROM email_events WHERE event IN ('delivered', 'open', 'click')"
                )
            ),
            *self.deals(
                read(
                    "SELECT lead_id, customer_id, created_at, closed_at, status, amount FROM deals"
                ),
                read("SELECT lead_id, channel FROM leads"),
                customers,
            ),
        ]
        window_months = [p[p.index.get_level_values("month") >= self.first_month] for p in parts]
        channels = sorted(
            set().union(*(p.index.get_level_values("channel") for p in window_months))
        )
        grid = pd.MultiIndex.from_product([self.months, channels], names=KEYS)
        b = pd.concat([p.reindex(grid) for p in parts], axis=1).fillna(0)
        return self.channel_kpis(b)

    def spend(self, df: pd.DataFrame) -> pd.DataFrame:
        df = self.by_day(df)
        df = df.assign(channel=df["channel"].fillna(NO_CHANNEL))
        return df.groupby(KEYS)[["cost", "impressions", "clicks"]].sum()

    def sessions(self, df: pd.DataFrame) -> pd.DataFrame:
        df = self.in_window(df, "started_at")
        df["channel"] = df["channel"].fillna(NO_CHANNEL)
        return df.groupby(KEYS).agg(
            sessions=("visitor_id", "size"), visitors=("visitor_id", "nunique")
        )

    def leads(self, df: pd.DataFrame) -> pd.DataFrame:
        df["channel"] = df["channel"].fillna(NO_CHANNEL)
        counts = {
            step: self.in_window(df, column).groupby(KEYS).size()
            for step, column in (("leads", "created_at"), ("mqls", "mql_at"), ("sqls", "sql_at"))
        }
        return pd.DataFrame(counts)

    def customers(self, df: pd.DataFrame) -> pd.DataFrame:
        """New and churned in the month; active at its end and at its start (a running sum)."""
        acquired = df[df["acquired_at"] < self.end]
        churned = df[df["churned_at"] < self.end]
        moves = (
            pd.concat(
                [
                    acquired.groupby([self.month(acquired["acquired_at"]), "channel"]).size(),
                    -churned.groupby([self.month(churned["churned_at"]), "channel"]).size(),
                ]
            )
            .rename_axis(KEYS)
            .groupby(level=KEYS)
            .sum()
        )
        per_month = moves.unstack("channel", fill_value=0)
        history = pd.period_range(
            min(per_month.index.min(), self.months[0]), self.months[-1], freq="M"
        )
        level = per_month.reindex(history, fill_value=0).cumsum()
        flows = {
            "new_customers": acquired.groupby(
                [self.month(acquired["acquired_at"]), "channel"]
            ).size(),
            "churned": churned.groupby([self.month(churned["churned_at"]), "channel"]).size(),
        }
        out = pd.DataFrame(
            {
                "active_end": level.stack(),
                "active_start": level.shift(1, fill_value=0).stack(),
            }
        ).rename_axis(KEYS)
        for name, counts in flows.items():
            out[name] = counts.rename_axis(KEYS).reindex(out.index, fill_value=0)
        return out[out.index.get_level_values("month") >= self.first_month]

    def orders(self, df: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
        df = self.in_window(df, "ordered_at", since=self.prev_start)
        df = df.merge(customers[["customer_id", "channel"]], on="customer_id", how="left")
        df["channel"] = df["channel"].fillna(NO_CHANNEL)
        df["is_order"] = df["amount"] > 0
        return df.groupby(KEYS).agg(
            revenue=("amount", "sum"), orders=("is_order", "sum"), cogs=("cost", "sum")
        )

    def nps(self, df: pd.DataFrame, customers: pd.DataFrame) -> pd.DataFrame:
        df = self.in_window(df, "responded_at")
        df = df.merge(customers[["customer_id", "channel"]], on="customer_id", how="left")
        df["channel"] = df["channel"].fillna(NO_CHANNEL)
        df["promoter"] = df["score"] >= 9
        df["detractor"] = df["score"] <= 6
        return df.groupby(KEYS).agg(
            promoters=("promoter", "sum"),
            detractors=("detractor", "sum"),
            responses=("score", "size"),
        )

    def email(self, df: pd.DataFrame) -> pd.DataFrame:
        df = self.in_window(df, "occurred_at")
        df["channel"] = df["channel"].fillna(NO_CHANNEL)
        pairs = df.drop_duplicates([*KEYS, "event", "email_campaign", "recipient_id"])
        counts = pairs.groupby([*KEYS, "event"]).size().unstack("event", fill_value=0)
        counts = counts.reindex(columns=["delivered", "open", "click"], fill_value=0)
        return counts.rename(columns={"open": "opened", "click": "clicked"})

    def deals(
        self,
        df: pd.DataFrame,
        leads: pd.DataFrame,
        customers: pd.DataFrame,
    ) -> list[pd.DataFrame]:
        """Closed deals in the month, and the open pipeline at its end."""
        df = df.merge(leads.rename(columns={"channel": "lead_channel"}), on="lead_id", how="left")
        df = df.merge(customers[["customer_id", "channel"]], on="customer_id", how="left")
        df["channel"] = df["lead_channel"].fillna(df["channel"]).fillna(NO_CHANNEL)
        df["amount"] = df["amount"].fillna(0)

        closed = self.in_window(df, "closed_at")
        won = closed[closed["status"] == "won"]
        days = (won["closed_at"] - won["created_at"]).dt.total_seconds() / 86400
        closed_m = pd.DataFrame(
            {
                "won": won.groupby(KEYS).size(),
                "closed": closed[closed["status"].isin(["won", "lost"])].groupby(KEYS).size(),
                "won_days": days.groupby([won["month"], won["channel"]]).sum(),
            }
        )
        created = df[df["created_at"] < self.end]
        ended = df[df["closed_at"] < self.end]
        moves = (
            pd.concat(
                [
                    created.groupby([self.month(created["created_at"]), "channel"])["amount"].sum(),
                    -ended.groupby([self.month(ended["closed_at"]), "channel"])["amount"].sum(),
                ]
            )
            .rename_axis(KEYS)
            .groupby(level=KEYS)
            .sum()
        )
        per_month = moves.unstack("channel", fill_value=0)
        history = pd.period_range(
            min(per_month.index.min(), self.months[0]), self.months[-1], freq="M"
        )
        level = per_month.reindex(history, fill_value=0).cumsum().stack().rename("pipeline")
        level = level.rename_axis(KEYS).to_frame()
        return [closed_m, level[level.index.get_level_values("month") >= self.first_month]]

    def channel_kpis(self, b: pd.DataFrame) -> pd.DataFrame:
        cac = div(b["cost"], b["new_customers"])
        churn = div(b["churned"], b["active_start"])
        arpu = div(b["revenue"], b["active_end"])
        clv = div(arpu, churn)
        previous = b["revenue"].groupby(level="channel").shift(1)
        out = pd.DataFrame(
            {
                "marketing_spend": b["cost"],
                "sessions": b["sessions"],
                "unique_visitors": b["visitors"],
                "ad_impressions": b["impressions"],
                "ad_ctr": div(b["clicks"], b["impressions"]),
                "leads": b["leads"],
                "mqls": b["mqls"],
                "sqls": b["sqls"],
                "cost_per_lead": div(b["cost"], b["leads"]),
                "visit_to_lead_rate": div(b["leads"], b["sessions"]),
                "lead_to_customer_rate": div(b["new_customers"], b["leads"]),
                "cac": cac,
                "new_customers": b["new_customers"],
                "active_customers": b["active_end"],
                "churned_customers": b["churned"],
                "churn_rate": churn,
                "retention_rate": 1 - churn,
                "arpu": arpu,
                "clv": clv,
                "ltv_cac_ratio": div(clv, cac),
                "nps": div(100 * (b["promoters"] - b["detractors"]), b["responses"]),
                "email_open_rate": div(b["opened"], b["delivered"]),
                "email_click_rate": div(b["clicked"], b["delivered"]),
                "sales_revenue": b["revenue"],
                "orders": b["orders"],
                "average_order_value": div(b["revenue"], b["orders"]),
                "revenue_growth": div(b["revenue"], previous) - 1,
                "gross_margin": div(b["revenue"] - b["cogs"], b["revenue"]),
                "romi": div(b["revenue"] - b["cost"], b["cost"]),
                "win_rate": div(b["won"], b["closed"]),
                "pipeline_value": b["pipeline"],
                "sales_cycle_days": div(b["won_days"], b["won"]),
            }
        )
        out = out[out.index.get_level_values("month") >= self.first_month].reset_index()
        out["period"] = out["month"].dt.start_time
        out["channel"] = out["channel"].where(out["channel"] != NO_CHANNEL, None)
        return out

    # -- overall ------------------------------------------------------------------------------

    def overall(self, read: Callable[[str], pd.DataFrame]) -> pd.DataFrame:
        months = pd.period_range(self.w.first, self.w.last, freq="M")
        fin = self.spread(read("SELECT * FROM financials"))
        market = self.spread(read("SELECT * FROM market"))
        hr = self.spread(read("SELECT * FROM hr"))
        orders = self.in_window(read("SELECT ordered_at, amount FROM orders"), "ordered_at")
        social = self.by_day(read("SELECT * FROM social"))
        surveys = self.by_day(read("SELECT * FROM brand_surveys"))

        def pro_rata(df: pd.DataFrame, column: str) -> pd.Series:
            return (df[column] / df["n"]).groupby(df["month"]).sum().reindex(months, fill_value=0)

        def mean(df: pd.DataFrame, column: str) -> pd.Series:
            return df.groupby("month")[column].mean().reindex(months)

        def total(df: pd.DataFrame, column: str) -> pd.Series:
            return df.groupby("month")[column].sum().reindex(months, fill_value=0)

        revenue = orders.groupby("month")["amount"].sum().reindex(months, fill_value=0)
        positive, neutral, negative = (
            total(social, f"{t}_mentions") for t in ("positive", "neutral", "negative")
        )
        out = pd.DataFrame(
            {
                "profit_margin": div(pro_rata(fin, "net_profit"), pro_rata(fin, "revenue")),
                "return_on_capital": div(
                    pro_rata(fin, "operating_profit"), mean(fin, "capital_employed")
                ),
                "market_share": div(revenue, pro_rata(market, "market_revenue")),
                "employee_turnover": div(
                    pro_rata(hr, "leavers"),
                    (mean(hr, "headcount_start") + mean(hr, "headcount_end")) / 2,
                ),
                "employee_engagement": mean(hr, "enps"),
                "engagement_rate": div(total(social, "engagements"), total(social, "impressions")),
                "net_sentiment": div(positive - negative, positive + neutral + negative),
                "social_reach": total(social, "reach"),
                "brand_awareness": div(
                    total(surveys, "aware_aided"), total(surveys, "respondents")
                ),
            },
            index=months,
        )
        return (
            out.rename_axis("month").reset_index().assign(period=lambda f: f["month"].dt.start_time)
        )

    def spread(self, df: pd.DataFrame) -> pd.DataFrame:
        """Period-table rows, one per covered day in the window, with the row's length n."""
        start = pd.to_datetime(df["period_start"])
        end = pd.to_datetime(df["period_end"])
        df = df.assign(
            n=(end - start).dt.days + 1,
            day=[pd.date_range(a, b) for a, b in zip(start, end, strict=True)],
        )
        df = df.explode("day")
        df["day"] = pd.to_datetime(df["day"])
        return self.by_day(df, "day")

    def by_day(self, df: pd.DataFrame, column: str = "date") -> pd.DataFrame:
        """Rows whose calendar day falls in the window, with their month."""
        day = df[column]
        df = df[(day >= pd.Timestamp(self.w.first)) & (day <= pd.Timestamp(self.w.last))]
        return df.assign(month=df[column].dt.to_period("M"))
