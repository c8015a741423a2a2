"""The website's staff pages: thin views over lofte.public.services, forms re-shown with errors (400)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.public import selectors, services
from lofte.public.access import get_news_item_for_user, get_site_for_user
from lofte.public.forms import HoursForm, NewsForm, SiteForm
from lofte.public.models import NewsItem, PublicSite


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, template, {"nav_section": "admin", **context}, status=status)


@login_required
def site(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_site_for_user(request.user, slug)
    current = PublicSite.objects.filter(organisation=organisation).first() or PublicSite(organisation=organisation)
    form = SiteForm(request.POST or None, instance=PublicSite(organisation=organisation) if request.POST else current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.public_site_update(
                    organisation=organisation,
                    by=request.user,
                    colour=form.cleaned_data["colour"],
                    accessibility_contact=form.cleaned_data["accessibility_contact"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Webbplatsen är sparad."))
                return redirect("website:site", slug=organisation.slug)
        status = 400
    news = NewsItem.objects.filter(organisation=organisation).order_by("-date", "-pk")
    return _render(
        request, "public/staff/site.html", {"organisation": organisation, "form": form, "news": news}, status
    )


@login_required
def hours(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_site_for_user(request.user, slug)
    centre = selectors.contact_centre(organisation)
    if request.method != "POST":
        initial = {f"day_{day}": text for day, text in services.week_text(centre).items()}
        initial["exceptions"] = services.exceptions_text(centre)
        form = HoursForm(initial=initial)
        return _render(request, "public/staff/hours.html", {"organisation": organisation, "form": form})
    form = HoursForm(request.POST)
    if form.is_valid():
        try:
            services.opening_hours_set(
                organisation=organisation,
                by=request.user,
                week=form.cleaned_data["week"],
                exceptions=form.cleaned_data["exception_list"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Öppettiderna är sparade."))
            return redirect("website:site", slug=organisation.slug)
    return _render(request, "public/staff/hours.html", {"organisation": organisation, "form": form}, 400)


@login_required
def news_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_site_for_user(request.user, slug)
    if request.method != "POST":
        form = NewsForm(initial={"date": timezone.localdate()})
        return _render(request, "public/staff/news_form.html", {"organisation": organisation, "form": form})
    form = NewsForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            item = services.news_item_create(
                organisation=organisation,
                by=request.user,
                title=data["title"],
                date=data["date"],
                text=data["text"],
                image=data["image_bytes"],
                image_alt=data["image_alt"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Nyheten är sparad som utkast. Publicera den när den är klar."))
            return redirect("website:news_edit", slug=organisation.slug, pk=item.pk)
    return _render(request, "public/staff/news_form.html", {"organisation": organisation, "form": form}, 400)


@login_required
def news_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_news_item_for_user(request.user, slug, pk)
    context = {"organisation": item.organisation, "item": item}
    if request.method != "POST":
        form = NewsForm(
            initial={"title": item.title, "date": item.date, "text": item.text, "image_alt": item.image_alt},
            has_image=bool(item.image),
        )
        return _render(request, "public/staff/news_form.html", {**context, "form": form})
    form = NewsForm(request.POST, request.FILES, has_image=bool(item.image))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.news_item_update(
                item=item,
                by=request.user,
                title=data["title"],
                date=data["date"],
                text=data["text"],
                image_alt=data["image_alt"],
                image=data["image_bytes"],
                remove_image=bool(data.get("remove_image")),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Nyheten är sparad."))
            return redirect("website:news_edit", slug=slug, pk=item.pk)
    return _render(request, "public/staff/news_form.html", {**context, "form": form}, 400)


@login_required
@require_POST
def news_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = services.news_item_publish(item=get_news_item_for_user(request.user, slug, pk), by=request.user)
    messages.success(request, _("Nyheten är publicerad."))
    return redirect("website:news_edit", slug=slug, pk=item.pk)


@login_required
@require_POST
def news_unpublish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = services.news_item_unpublish(item=get_news_item_for_user(request.user, slug, pk), by=request.user)
    messages.success(request, _("Nyheten är avpublicerad och syns inte längre på webbplatsen."))
    return redirect("website:news_edit", slug=slug, pk=item.pk)
